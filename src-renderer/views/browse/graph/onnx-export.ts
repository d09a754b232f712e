/**
 * The graph toolbar's "ONNX" button: ask the engine for the variant on screen with its current
 * weights (the view's BrowseData decides which: Browse has seeded random ones, Activations the
 * loaded, trained or random weights it runs) and save the bytes as a file.
 */
import type { OnnxExportResult } from '../../../../src-main/shared/protocol/index';
import { downloadBlob } from '../../../lib/export/download';
import type { OnnxExportRequest } from '../data';
import type { BrowseState } from '../state.svelte';

/** The variant the graph shows; aux heads only when the training graph is on and the network has them. */
export function onnxRequest(
  st: Pick<BrowseState, 'network' | 'flavour' | 'width' | 'classes' | 'extraAux' | 'training' | 'analysis'>,
): OnnxExportRequest {
  const network = {
    id: st.network,
    ...(st.flavour ? { flavour: st.flavour } : {}),
    width: st.width,
    classes: st.classes,
    ...(st.extraAux ? { extraAux: true } : {}),
  };
  return { network, includeAux: st.training && (st.analysis?.spec.aux.length ?? 0) > 0 };
}

/** Exports and downloads; resolves with what was saved. */
export async function exportOnnxFile(st: BrowseState): Promise<OnnxExportResult> {
  const exportOnnx = st.data.exportOnnx;
  if (!exportOnnx) throw new Error('This view has no engine to export from.');
  const r = await exportOnnx(onnxRequest(st));
  // A copy into a fresh ArrayBuffer: Blob wants an unshared buffer, and the payload may be a view.
  downloadBlob(r.filename, new Blob([r.bytes.slice()], { type: 'application/octet-stream' }));
  return r;
}
