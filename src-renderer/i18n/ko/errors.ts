import type { errors as en } from '../en/errors.js';

/** 엔진 오류 코드별 한국어 문장. 자리표시자는 ApiError params의 이름과 같다. */
export const errors: Record<keyof typeof en, string> = {
  'error.requestFailed': '요청을 처리하지 못했습니다',
  'error.englishDetail': '엔진이 보낸 원문',
  'error.cancelled': '요청이 취소되었습니다.',
  'error.engine_restarted':
    '엔진이 멈춰서(종료 {exit}) 다시 시작하는 중입니다. 이 요청은 끝나지 않았으니 다시 시도하세요.',
  'error.engine_restarted.unresponsive':
    '엔진이 {seconds}초 동안 응답하지 않아 다시 시작했습니다. 이 요청은 끝나지 않았으니 다시 시도하세요.',
  'error.engine_unavailable': '엔진이 실행 중이 아닙니다.',
  'error.engine_unavailable.crashed':
    '엔진이 짧은 시간에 {times}번 멈춰서 더는 다시 시작하지 않습니다. 앱을 다시 실행하세요.',
  'error.disconnected': '엔진에 연결할 수 없습니다.',
  'error.protocol_mismatch':
    '이 창은 앱 프로토콜 버전 {client}을(를) 쓰지만 엔진은 버전 {engine}을(를) 씁니다. 둘의 버전이 같아지도록 페이지를 새로 고치세요(또는 앱을 다시 시작하세요).',
  'error.unknown_method': '엔진이 모르는 요청입니다. 앱과 엔진의 버전이 서로 맞지 않을 수 있습니다.',
  'error.bad_request': '엔진이 이 요청을 처리할 수 없습니다.',
  'error.not_found': '요청한 대상을 엔진이 찾지 못했습니다.',
  'error.backend_unavailable': '엔진에 쓸 수 있는 연산 백엔드가 없어 네트워크를 실행할 수 없습니다.',
  'error.backend_unavailable.named': '요청한 백엔드 “{backend}”를 쓸 수 없습니다: {reason}',
  'error.too_large': '엔진이 처리하기에 너무 큽니다.',
  'error.storage':
    '학습 데이터 폴더에 쓸 수 없습니다({what}을(를) 쓰는 중 {errno}). 쓸 수 있게 하거나 공간을 확보한 뒤 다시 시도하세요.',
  'error.storage.read_only':
    '학습 데이터 폴더가 읽기 전용이라 쓸 수 없습니다({what}을(를) 쓰는 중 {errno}). 쓸 수 있게 한 뒤 다시 시도하세요.',
  'error.storage.no_space':
    '디스크가 가득 차서 학습 데이터 폴더에 쓸 수 없습니다({what}을(를) 쓰는 중 {errno}). 공간을 확보한 뒤 다시 시도하세요.',
  'error.internal': '엔진에서 예상하지 못한 오류가 났습니다.',
  'error.internal.ref':
    '엔진에서 예상하지 못한 오류가 났습니다({method}, #{ref}). 자세한 내용은 엔진 로그에 이 번호로 남아 있습니다.',
  'error.path_refused':
    '웹 모드에서는 경로로 파일을 열 수 없습니다. 창에서 파일을 고르거나 끌어다 놓으면 업로드됩니다.',
  'error.path_refused.file':
    '웹 모드에서는 경로로 파일을 열 수 없습니다. 창에서 파일을 고르거나 끌어다 놓으면 업로드됩니다.',
  'error.path_refused.folder':
    '웹 모드에서는 이 컴퓨터의 폴더를 경로로 열 수 없습니다. 여기서는 MNIST나 도형 데이터로 학습하고, 폴더로 학습하려면 데스크톱 앱이나 명령줄(inception-explorer train --data <폴더>)을 쓰세요.',
  'error.too_busy': '이 연결에서 동시에 실행 중인 요청이 너무 많습니다. 일부가 끝날 때까지 기다리세요.',
  'error.bad_file': '이 파일을 학습 곡선(CSV 또는 TensorBoard 이벤트 파일)으로 읽을 수 없습니다.',
  'error.bad_data': '이 데이터셋으로는 학습할 수 없습니다.',
  'error.bad_data.cannotOpen': '폴더 {folder}를 열 수 없습니다.',
  'error.bad_data.noClasses':
    '폴더 {folder}에 클래스가 없습니다. 클래스마다 하위 폴더를 하나씩 만들고 그 안에 PNG나 JPEG 이미지를 넣으세요.',
  'error.bad_data.fewClasses':
    '폴더 {folder}에서 쓸 수 있는 클래스는 {classes}개인데, 학습에는 최소 두 개가 필요합니다. 건너뜀: 이미지가 아닌 파일 {notImages}개, 읽을 수 없는 이미지 {unreadable}개, 이미지가 없는 클래스 {emptyClasses}개.',
  'error.bad_data.noImages':
    '폴더 {folder}에 쓸 수 있는 이미지가 없습니다. 건너뜀: 이미지가 아닌 파일 {notImages}개, 읽을 수 없는 이미지 {unreadable}개, 이미지가 없는 클래스 {emptyClasses}개.',
  'error.bad_image': '{file}을(를) 이미지(PNG, JPEG, WebP)로 읽을 수 없습니다: {reason}.',
  'error.bad_image.too_large':
    '{file}은(는) {width}×{height} 픽셀({size})로, 앱이 디코딩하는 한도 {limit}를 넘습니다. 먼저 크기를 줄이거나 INCEPTION_MAX_PIXELS로 한도를 올리세요.',
  'error.bad_image.animated':
    '{file}은(는) 첫 프레임이 없거나 잘린 애니메이션 WebP라서 보여 줄 그림이 없습니다.',
  'error.bad_image.timeout':
    '{file}의 디코딩이 너무 오래 걸리거나 디코더가 쓸 수 있는 메모리를 넘어 중단되었습니다.',
  'error.onnx_load':
    'ONNX Runtime이 {file}을(를) 불러오지 못했습니다. 대신 TensorFlow.js로 실행할 수 있습니다.',
  'error.weights_mismatch': '이 가중치는 네트워크와 맞지 않습니다. 아무것도 불러오지 않았습니다.',
  'error.weights_mismatch.shapes':
    '{file}이(가) {network}와 맞지 않습니다. 텐서 {count}개의 모양이 다르거나 빠져 있습니다. 아무것도 불러오지 않았습니다.',
  'error.weights_mismatch.network':
    '{file}에는 {holds} 가중치가 들어 있습니다. 네트워크 {network}, 변형 “{flavour}”로 여세요.',
  'error.weights_truncated': '가중치 파일이 잘렸거나 손상되었습니다. 다시 내려받으세요.',
  'error.weights_truncated.file': '{file}이(가) 잘렸거나 손상되었습니다. 다시 내려받으세요.',
  'error.weights_format':
    '앱이 읽을 수 있는 가중치 파일(Keras .h5/.keras, TensorFlow.js model.json, .safetensors, PyTorch .pth/.pt, TensorFlow 체크포인트 .index, .onnx 모델)이 아닙니다.',
  'error.weights_format.hdf5_external':
    '{file}: 데이터셋 {dataset}의 값이 다른 파일에 들어 있습니다(HDF5 외부 저장소). 가중치 파일은 자기 데이터를 직접 담아야 하므로 읽지 않았습니다. 외부 저장소 없이 가중치를 다시 저장하세요.',
  'error.weights_format.hdf5_external_link':
    '{file}: {object}은(는) 다른 파일을 가리키는 HDF5 외부 링크입니다. 가중치 파일은 그 자체로 완결되어야 하므로 따라가지 않았습니다. 외부 링크 없이 가중치를 다시 저장하세요.',
  'error.weights_format.hdf5_dtype':
    '{file}: 데이터셋 {dataset}에 float32 가중치가 아닌 {dtype} 값이 들어 있어 파일을 불러오지 않았습니다. 모델을 float32로 다시 저장하세요.',
  'error.weights_format.hdf5_damaged':
    '{file}을(를) HDF5로 읽지 못했습니다. 파일이 손상되었습니다. 다시 저장하거나 내려받으세요.',
  'error.weights_format.hdf5_timeout':
    '{file}을(를) 제한 시간 안에 읽지 못했습니다. HDF5 구조가 손상되어(HDF5 라이브러리가 끝없이 반복) 읽기를 멈췄습니다. 다시 저장하거나 내려받으세요.',
  'error.weights_format.hdf5_not_keras':
    '{file}은(는) HDF5 파일이지만 Keras 가중치가 아닙니다(Keras .h5도 Keras 3 .weights.h5도 아님).',
  'error.weights_format.keras_v3_no_names':
    '{file}은(는) 레이어 이름을 기록하지 않은 Keras 3 가중치 파일입니다(이전 Keras 3 버전이 작성). 함께 저장한 .keras 파일을 열거나, Keras에서 가중치를 불러와 다시 저장하세요.',
  'error.weights_format.keras_no_weights':
    '{file}은(는) model.weights.h5가 없는 .keras 파일입니다(분할 또는 .npz 가중치). Keras 기본 가중치 형식으로 하나의 .keras 파일로 다시 저장하세요.',
  'error.weights_format.zip_not_keras':
    '{file}은(는) ZIP 압축 파일이지만 Keras .keras 파일이 아닙니다(config.json과 model.weights.h5가 없음).',
  'error.weights_format.tfjs_manifest': '{file}은(는) TensorFlow.js Layers model.json이 아닙니다: {what}.',
  'error.weights_format.tfjs_dtype':
    '{file}: 가중치 {weight}이(가) 부동소수점이 아닌 {dtype}이어서 모델을 불러오지 않았습니다.',
  'error.weights_format.tfjs_keras3_positions':
    '{file}은(는) Keras 3 .keras 파일에서 변환되었는데, 모델 구조로 가중치 이름을 정할 수 없습니다. 대신 .keras 파일을 직접 여세요.',
  'error.weights_format.shard':
    '{file}: 가중치 샤드 {shard}이(가) 모델 폴더 밖에 있거나 일반 파일이 아니어서 읽지 않았습니다.',
  'error.weights_format.safetensors':
    '{file}은(는) 올바른 safetensors 파일이 아닙니다: {why}. 다시 저장하거나 내려받으세요.',
  'error.weights_format.pickle_global':
    '이 파일에는 {global}이(가) 필요하지만 앱은 이를 실행하지 않습니다(pickle에서 텐서와 딕셔너리만 읽습니다). PyTorch에서 torch.save(model.state_dict(), path)로 다시 저장하세요.',
  'error.weights_format.tf_checkpoint':
    '{file}은(는) 손상된 TensorFlow 체크포인트 인덱스입니다({why}). 체크포인트를 다시 저장하세요.',
  'error.weights_mismatch.onnx_layers':
    '{file}: 그래프에 Conv/Gemm 층이 {found}개 있지만 이 네트워크에는 {expected}개가 있습니다. 내보낸 원래 네트워크로 여세요.',
  'error.weights_not_found': '가중치 파일이나 학습 실행을 찾지 못했습니다.',
  'error.weights_not_found.tf_data':
    '{file}은(는) TensorFlow 체크포인트 인덱스입니다. 데이터 파일 {data}이(가) 같은 폴더에 있어야 하는데 없습니다. 체크포인트의 .data 파일을 같은 폴더에 복사하세요.',
  'error.weights_offline':
    '가중치를 아직 내려받지 않았는데 네트워크에 연결되어 있지 않습니다. 다른 컴퓨터에서 가중치 파일을 내려받아 디스크에서 열거나, 온라인일 때 다시 시도하세요.',
  'error.weights_corrupt':
    '가중치 파일에 잘못된 값(NaN, 무한대 또는 음수 BN 분산)이 있습니다. 파일이 손상되었습니다. 아무것도 불러오지 않았습니다.',
  'error.weights_corrupt.values':
    '{file}의 텐서 {count}개에 잘못된 값(NaN, 무한대 또는 음수 BN 분산)이 있습니다. 파일이 손상되었습니다. 아무것도 불러오지 않았습니다.',
  'error.weights_download': '가중치를 내려받지 못했습니다. 연결을 확인하고 다시 시도하세요.',
  'error.weights_checksum': '내려받은 파일이 배포처의 체크섬과 맞지 않아 지웠습니다. 다시 내려받으세요.',
  'error.weights_offline.catalogue':
    '네트워크 연결이 없습니다. 다른 곳에서 {url}을(를) 내려받은 뒤 {network} ({flavour})를 고르고 가중치 → 파일로 {file}을(를) 여세요.',
  'error.engineRestartedTitle': '엔진 다시 시작됨',
  'error.engineRestartedBody':
    '엔진 프로세스가 멈춰서(종료 {exit}) 다시 시작했습니다. 실행 중이던 작업은 모두 취소되었으니 다시 시도하세요.',
  'error.engineStoppedTitle': '엔진 멈춤',
  'error.engineStoppedBody': '엔진이 계속 비정상 종료되어 다시 시작하지 않았습니다.',
  'error.engineStatusFailed': '엔진 상태를 읽지 못했습니다',
};
