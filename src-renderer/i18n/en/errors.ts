/**
 * Engine errors by code (`error.<code>`, or `error.<code>.<kind>` when params.kind picks one of its
 * sentences). Placeholders are the names in the ApiError's params.
 */
export const errors = {
  'error.requestFailed': 'The request failed',
  'error.englishDetail': 'The engine’s own words',
  'error.cancelled': 'The request was cancelled.',
  'error.engine_restarted':
    'The engine stopped (exit {exit}) and is being restarted; this request did not finish. Try again.',
  'error.engine_restarted.unresponsive':
    'The engine stopped answering for {seconds} s and was restarted; this request did not finish. Try again.',
  'error.engine_unavailable': 'The engine is not running.',
  'error.engine_unavailable.crashed':
    'The engine stopped {times} times in a short while and will not be restarted. Restart the app.',
  'error.disconnected': 'Could not reach the engine.',
  'error.protocol_mismatch':
    "This window runs version {client} of the app's protocol but the engine speaks version {engine}: reload the page (or restart the app) so both are the same version.",
  'error.unknown_method': 'The engine does not know this request; the app and the engine may be out of step.',
  'error.bad_request': 'The engine could not use this request.',
  'error.not_found': 'The engine could not find what was asked for.',
  'error.backend_unavailable': 'The engine has no computing backend, so it cannot run networks.',
  'error.backend_unavailable.named': 'The backend “{backend}” was requested but is not available: {reason}',
  'error.too_large': 'This is too large for the engine to handle.',
  'error.storage':
    'Training cannot write to the data folder ({errno} while writing {what}). Make it writable (or free some space) and try again.',
  'error.storage.read_only':
    'Training cannot write to the data folder: it is read-only ({errno} while writing {what}). Make it writable and try again.',
  'error.storage.no_space':
    'Training cannot write to the data folder: the disk is full ({errno} while writing {what}). Free some space and try again.',
  'error.internal': 'The engine ran into an unexpected error.',
  'error.internal.ref':
    'The engine ran into an unexpected error (#{ref} in {method}); the details are in the engine log under that number.',
  'error.path_refused':
    'In web mode the app cannot open files by their path: pick or drop the file in the window instead, and it is uploaded.',
  'error.path_refused.file':
    'In web mode the app cannot open files by their path: pick or drop the file in the window instead, and it is uploaded.',
  'error.path_refused.folder':
    'In web mode the app cannot open a folder on this machine by its path: train on MNIST or the shapes data here, or use the desktop app or the command line (inception-explorer train --data <folder>) for a folder.',
  'error.too_busy': 'Too many requests are running at once on this connection; wait for some to finish.',
  'error.bad_file': 'This file could not be read as training curves (CSV or TensorBoard event file).',
  'error.bad_data': 'This data set cannot be used for training.',
  'error.bad_data.cannotOpen': 'The folder {folder} could not be opened.',
  'error.bad_data.noClasses':
    'The folder {folder} has no classes: put one sub-folder per class in it, each holding PNG or JPEG images.',
  'error.bad_data.fewClasses':
    'The folder {folder} has {classes} usable classes; training needs at least two. Skipped: {notImages} files that are not images, {unreadable} unreadable images, {emptyClasses} classes without images.',
  'error.bad_data.noImages':
    'The folder {folder} has no usable images. Skipped: {notImages} files that are not images, {unreadable} unreadable images, {emptyClasses} classes without images.',
  'error.bad_image': '{file} could not be read as an image (PNG, JPEG or WebP): {reason}.',
  'error.bad_image.too_large':
    '{file} is {width}×{height} pixels ({size}), more than the {limit} the app decodes. Scale it down first, or raise the limit with INCEPTION_MAX_PIXELS.',
  'error.bad_image.animated':
    '{file} is an animated WebP whose first frame is missing or cut off, so there is no picture to show.',
  'error.bad_image.timeout':
    '{file} took too long to decode, or needed more memory than the decoder may use, and was stopped.',
  'error.onnx_load': 'ONNX Runtime could not load {file}; the run can use TensorFlow.js instead.',
  'error.weights_mismatch': 'These weights do not fit the network. Nothing was loaded.',
  'error.weights_mismatch.shapes':
    '{file} does not fit {network}: {count} tensors have the wrong shape or are missing. Nothing was loaded.',
  'error.weights_mismatch.network':
    '{file} holds {holds} weights: open it with network {network}, flavour “{flavour}”.',
  'error.weights_truncated': 'The weights file is truncated or damaged. Download it again.',
  'error.weights_truncated.file': '{file} is truncated or damaged. Download it again.',
  'error.weights_format':
    'This is not a weights file the app reads (Keras .h5/.keras, TensorFlow.js model.json, .safetensors, PyTorch .pth/.pt, a TensorFlow checkpoint .index or an .onnx model).',
  'error.weights_format.hdf5_external':
    '{file}: dataset {dataset} keeps its values in another file (HDF5 external storage). Weights files must hold their own data, so it is not read; save the weights again without external storage.',
  'error.weights_format.hdf5_external_link':
    '{file}: {object} is an HDF5 external link to another file. Weights files must be self-contained, so it is not followed; save the weights again without external links.',
  'error.weights_format.hdf5_dtype':
    '{file}: dataset {dataset} holds {dtype} values, not float32 weights, so the file is not loaded. Save the model again in float32.',
  'error.weights_format.hdf5_damaged':
    '{file} could not be read as HDF5: the file is damaged. Save or download it again.',
  'error.weights_format.hdf5_timeout':
    '{file} could not be read in time: its HDF5 structure is damaged (the HDF5 library loops on it), so the read was stopped. Save or download it again.',
  'error.weights_format.hdf5_not_keras':
    '{file} is an HDF5 file but not Keras weights (neither a Keras .h5 nor a Keras 3 .weights.h5).',
  'error.weights_format.keras_v3_no_names':
    '{file} is a Keras 3 weights file that does not record its layers’ names (an older Keras 3 wrote it). Open the .keras file saved with it, or load the weights in Keras and save them again.',
  'error.weights_format.keras_no_weights':
    '{file} is a .keras file without model.weights.h5 (sharded or .npz weights). Save the model again as one .keras file with Keras’ default weights format.',
  'error.weights_format.zip_not_keras':
    '{file} is a ZIP archive but not a Keras .keras file (no config.json and model.weights.h5).',
  'error.weights_format.tfjs_manifest': '{file} is not a TensorFlow.js Layers model.json: {what}.',
  'error.weights_format.tfjs_dtype':
    '{file}: weight {weight} is {dtype}, not floating point, so the model is not loaded.',
  'error.weights_format.tfjs_keras3_positions':
    '{file} was converted from a Keras 3 .keras file, and its weights cannot be named from its topology. Open the .keras file itself instead.',
  'error.weights_format.shard':
    '{file}: the weight shard {shard} is outside the model’s folder or not a regular file, so it is not read.',
  'error.weights_format.safetensors':
    '{file} is not a valid safetensors file: {why}. Save or download it again.',
  'error.weights_format.pickle_global':
    'This file needs {global}, which the app does not run (it only reads tensors and dictionaries from a pickle). Re-save it in PyTorch with torch.save(model.state_dict(), path).',
  'error.weights_format.tf_checkpoint':
    '{file} is a damaged TensorFlow checkpoint index ({why}). Save the checkpoint again.',
  'error.weights_mismatch.onnx_layers':
    '{file}: its graph has {found} Conv/Gemm layers, the network has {expected}. Open it with the network it was exported from.',
  'error.weights_not_found': 'The weights file or training run was not found.',
  'error.weights_not_found.tf_data':
    '{file} is a TensorFlow checkpoint index; its data file {data} must sit beside it. Copy the checkpoint’s .data file into the same folder.',
  'error.weights_offline':
    'The weights are not downloaded yet and there is no network connection. Download the weights file elsewhere and open it from disk, or try again when online.',
  'error.weights_corrupt':
    'The weights file holds invalid values (NaN, infinite or negative BN variances): it is damaged. Nothing was loaded.',
  'error.weights_corrupt.values':
    '{file} holds invalid values (NaN, infinite or negative BN variances) in {count} tensors: it is damaged. Nothing was loaded.',
  'error.weights_download': 'Downloading the weights failed. Check the connection and try again.',
  'error.weights_checksum':
    'The downloaded file does not match its publisher’s checksum, so it was deleted. Download it again.',
  'error.weights_offline.catalogue':
    'No network connection. Download {url} elsewhere, then choose {network} ({flavour}) and open {file} with Weights → File.',
  'error.engineRestartedTitle': 'Engine restarted',
  'error.engineRestartedBody':
    'The engine process stopped (exit {exit}) and was restarted. Anything it was running was cancelled; try it again.',
  'error.engineStoppedTitle': 'Engine stopped',
  'error.engineStoppedBody': 'The engine keeps crashing and was not restarted.',
  'error.engineStatusFailed': 'Could not read the engine’s status',
} as const;
