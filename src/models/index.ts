export { defaultMlpConfig, type MlpConfig, mlp } from './mlp.js';
export { loadModel, type SavedModel, saveModel } from './model-file.js';
