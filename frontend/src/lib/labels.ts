/**
 * Vietnamese names of the API's closed vocabularies. Each map is typed against the generated schema, so a
 * value the backend adds fails the type check here instead of showing a raw slug to a user.
 */
import type { Schemas } from '../api/client';

export const DOC_TYPES: Record<Schemas['DocumentType'], string> = {
  nghi_quyet: 'Nghị quyết',
  quyet_dinh: 'Quyết định',
  chi_thi: 'Chỉ thị',
  quy_che: 'Quy chế',
  quy_dinh: 'Quy định',
  thong_cao: 'Thông cáo',
  thong_bao: 'Thông báo',
  huong_dan: 'Hướng dẫn',
  chuong_trinh: 'Chương trình',
  ke_hoach: 'Kế hoạch',
  phuong_an: 'Phương án',
  de_an: 'Đề án',
  du_an: 'Dự án',
  bao_cao: 'Báo cáo',
  bien_ban: 'Biên bản',
  to_trinh: 'Tờ trình',
  hop_dong: 'Hợp đồng',
  cong_van: 'Công văn',
  cong_dien: 'Công điện',
  ban_ghi_nho: 'Bản ghi nhớ',
  ban_thoa_thuan: 'Bản thỏa thuận',
  giay_uy_quyen: 'Giấy ủy quyền',
  giay_moi: 'Giấy mời',
  giay_gioi_thieu: 'Giấy giới thiệu',
  giay_nghi_phep: 'Giấy nghỉ phép',
  phieu_gui: 'Phiếu gửi',
  phieu_chuyen: 'Phiếu chuyển',
  phieu_bao: 'Phiếu báo',
  thu_cong: 'Thư công',
};

export const URGENCY: Record<Schemas['Urgency'], string> = {
  thuong: 'Thường',
  khan: 'Khẩn',
  thuong_khan: 'Thượng khẩn',
  hoa_toc: 'Hỏa tốc',
};

export const SECRECY: Record<Schemas['Secrecy'], string> = {
  thuong: 'Thường',
  mat: 'Mật',
  toi_mat: 'Tối mật',
  tuyet_mat: 'Tuyệt mật',
};

export const STATUS: Record<Schemas['DocumentStatus'], string> = {
  registered: 'Chờ phân công',
  assigned: 'Chờ xử lý',
  in_progress: 'Đang xử lý',
  completed: 'Đã hoàn thành',
  recalled: 'Đã thu hồi',
  cancelled: 'Đã hủy vào sổ',
  draft: 'Dự thảo',
  submitted: 'Đang trình duyệt',
  returned: 'Trả lại để sửa',
  rejected: 'Không duyệt',
  approved: 'Đã duyệt, chờ ký',
  signed: 'Đã ký, chờ cấp số',
  issued: 'Đã cấp số',
  released: 'Đã phát hành',
};

export const ROLES: Record<Schemas['Role'], string> = {
  admin: 'Quản trị',
  van_thu: 'Văn thư',
  chuyen_vien: 'Chuyên viên',
  lanh_dao_phong: 'Lãnh đạo phòng',
  lanh_dao_don_vi: 'Lãnh đạo đơn vị',
};

export const ASSIGNMENT_ROLES: Record<Schemas['AssignmentRole'], string> = {
  xu_ly_chinh: 'Xử lý chính',
  phoi_hop: 'Phối hợp',
  de_biet: 'Nhận để biết',
};

export const ASSIGNMENT_STATUS: Record<Schemas['AssignmentStatus'], string> = {
  pending: 'Chờ xử lý',
  in_progress: 'Đang xử lý',
  done: 'Đã xong',
  forwarded: 'Đã chuyển tiếp',
  recalled: 'Văn bản đã thu hồi',
  informed: 'Nhận để biết — chưa xem',
  seen: 'Đã xem',
  closed: 'Kết thúc (văn bản đã hoàn thành)',
  returned: 'Đã trả lại',
  taken_back: 'Đã thu hồi phân công',
};

export const NOTE_KINDS: Record<Schemas['NoteKind'], string> = {
  note: 'Ý kiến',
  result: 'Kết quả xử lý',
  forward: 'Chuyển tiếp',
  complete: 'Hoàn thành',
  recall: 'Thu hồi',
  return: 'Trả lại',
  take_back: 'Thu hồi phân công',
  extension: 'Gia hạn',
};

export const FILE_ROLES: Record<Schemas['FileRole'], string> = {
  original: 'Bản gốc',
  attachment: 'Đính kèm',
  draft: 'Dự thảo',
  signed: 'Bản đã ký',
  issued: 'Bản phát hành',
  issued_annex: 'Văn bản kèm theo đã ký số',
};

export const DECISIONS: Record<Schemas['Decision'], string> = {
  approve: 'Đồng ý',
  return: 'Trả lại',
  reject: 'Không duyệt',
};

export const DELIVERY_STATUS: Record<Schemas['DeliveryStatus'], string> = {
  pending: 'Chờ gửi',
  sent: 'Đã gửi',
  failed: 'Gửi lỗi',
};

export const DELEGATION_KINDS: Record<Schemas['DelegationKind'], string> = {
  KT: 'Ký thay (KT.)',
  TL: 'Thừa lệnh (TL.)',
  TUQ: 'Thừa ủy quyền (TUQ.)',
  Q: 'Quyền (Q.)',
};

export const RUN_STATUS: Record<Schemas['RunStatus'], string> = {
  in_progress: 'Đang duyệt',
  approved: 'Đã duyệt',
  returned: 'Đã trả lại',
  rejected: 'Không duyệt',
  reset: 'Đã hủy (có phiên bản mới)',
};

export const RECIPIENT_KINDS: Record<Schemas['RecipientKind'], string> = {
  agency: 'Cơ quan trong hệ thống',
  department: 'Đơn vị trong cơ quan',
  external: 'Cơ quan ngoài (liên thông)',
};

export const OUTBOUND_STATE: Record<Schemas['OutboundState'], string> = {
  pending: 'Đang gửi',
  delivered: 'Đã gửi tới nơi',
  failed: 'Gửi thất bại',
};

export const RECEIVED_STATE: Record<Schemas['ReceivedState'], string> = {
  pending: 'Chờ tiếp nhận',
  accepted: 'Đã tiếp nhận',
  refused: 'Đã từ chối',
  rejected: 'Bị hệ thống từ chối',
  withdrawn: 'Cơ quan gửi đã thu hồi',
};

export const PROCESSING_STATE: Record<Schemas['DocumentState'], string> = {
  processing: 'Đang xử lý',
  done: 'Đã xử lý xong',
  failed: 'Có lỗi khi xử lý',
};

export const STAGE_STATUS: Record<Schemas['Status'], string> = {
  pending: 'Chờ',
  started: 'Đang chạy',
  done: 'Xong',
  failed: 'Lỗi',
};

export const NOTIFICATION_KINDS: Record<Schemas['NotificationKind'], string> = {
  deadline_soon: 'Sắp đến hạn',
  deadline_overdue: 'Quá hạn',
  assigned: 'Được giao xử lý',
  forwarded: 'Được chuyển xử lý',
  submitted: 'Trình duyệt',
  approved: 'Đã duyệt',
  returned: 'Trả lại',
  rejected: 'Từ chối',
  route_reset: 'Phải duyệt lại (phiên bản mới)',
  signed: 'Đã ký',
  issued: 'Đã ban hành',
  received: 'Văn bản đến mới',
  delivery_failed: 'Gửi liên thông thất bại',
  handed_back: 'Văn bản được trả lại',
  taken_back: 'Phân công bị thu hồi',
  extension_requested: 'Xin gia hạn',
  extension_granted: 'Được gia hạn',
  extension_refused: 'Không được gia hạn',
  completed: 'Đã hoàn thành xử lý',
  presented: 'Trình xin ý kiến chỉ đạo',
  directed: 'Ý kiến chỉ đạo',
  contributed: 'Ý kiến phối hợp',
};

export const REGISTER_KINDS: Record<Schemas['DocumentKind'], string> = {
  incoming: 'Sổ văn bản đến',
  outgoing: 'Sổ văn bản đi',
};
