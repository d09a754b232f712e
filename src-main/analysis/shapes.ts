/** The layer shape functions live in shared/layer-shapes.ts: the zoo uses them too, without the analysis. */
export { ShapeError, outDim, layerOutShape, concatShape, checkShape } from '../shared/layer-shapes.js';
