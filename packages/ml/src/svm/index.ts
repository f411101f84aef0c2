// Support vector machines trained by libsvm's SMO (WSS3, shrinking, kernel cache): SVC, NuSVC, SVR, NuSVR.
export { KERNELS, type KernelName, type KernelSpec, resolveGamma } from './kernel.ts';
export type { KernelParams } from './params.ts';
export { BaseSVC, type BaseSVCParams } from './base-svc.ts';
export { NuSVC, type NuSVCParams } from './nu-svc.ts';
export { SVC, type SVCParams } from './svc.ts';
export { BaseSVR, SVR, type SVRParams } from './svr.ts';
export { NuSVR, type NuSVRParams } from './nu-svr.ts';
