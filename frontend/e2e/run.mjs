// End-to-end suite: real Chromium (playwright-core, the system's browser) against a running eOffice server.
//
//   EOFFICE_E2E_BASE_URL   the server, e.g. http://127.0.0.1:8123
//   EOFFICE_E2E_PASSWORDS  JSON {username: password} of the demo users
//   EOFFICE_E2E_PINS       JSON {lanhdao: PIN, agency: PIN}: the demo signing PINs `eoffice demo` prints
//   EOFFICE_E2E_SCREENSHOTS where to save a screenshot of every main screen (default test-artifacts/screenshots)
//   EOFFICE_E2E_REGISTER   the name of a sổ văn bản đến besides the sổ chung, which the văn thư chooses
//   EOFFICE_E2E_PARTNER    JSON {code, name, clerk, password}: a second agency the server reaches only over the
//                          exchange (a direct edXML peer), listed in the agency directory; `clerk` is its văn thư
//   EOFFICE_E2E_STATE      a JSON file the suite writes what it created to (ids, texts, downloaded sổ), for the
//                          checks the caller makes afterwards (mails, the phiếu xử lý)
//   EOFFICE_E2E_SIGNING    JSON {token: {username, password, agent, id, title}, smartca: {account, password, id,
//                          title, phone}}: the leader whose key is on a USB token served by `eoffice sign-agent
//                          --serve` at `agent`, and lanhdao's VNPT SmartCA account; each signs the approved
//                          document `id`. The suite creates the file `phone` once the page says it waits for the
//                          phone; the caller then approves on the SmartCA simulator
//   EOFFICE_E2E_SCAN       JSON {path, issuer, number, symbol, issueDate, docType}: a scanned letter (image-only
//                          PDF) and what the registration form must read from it
//   CHROMIUM_PATH          default /usr/bin/chromium
//
// Any browser console error or uncaught page error fails the suite, except the HTTP errors a step expects
// (a wrong password answers 401, a document one may not read answers 404) inside `expectingHttpErrors`.
// Exits non-zero on the first failure, printing which step failed.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { makeDocx, makePdf } from './fixtures.mjs';

const BASE = process.env.EOFFICE_E2E_BASE_URL;
const PASSWORDS = JSON.parse(process.env.EOFFICE_E2E_PASSWORDS ?? '{}');
const PINS = JSON.parse(process.env.EOFFICE_E2E_PINS ?? '{}');
const SHOTS = resolve(process.env.EOFFICE_E2E_SCREENSHOTS ?? 'test-artifacts/screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const REGISTER = process.env.EOFFICE_E2E_REGISTER;
const STATE_FILE = process.env.EOFFICE_E2E_STATE ? resolve(process.env.EOFFICE_E2E_STATE) : null;
const PARTNER = JSON.parse(process.env.EOFFICE_E2E_PARTNER ?? '{}');
const SIGNING = JSON.parse(process.env.EOFFICE_E2E_SIGNING ?? '{}');
const SCAN = JSON.parse(process.env.EOFFICE_E2E_SCAN ?? '{}');
if (!BASE || !PASSWORDS.vanthu || !PINS.lanhdao || !PINS.agency || !PARTNER.clerk || !SIGNING.token || !SCAN.path) {
  console.error('Cần EOFFICE_E2E_BASE_URL, EOFFICE_E2E_PASSWORDS, EOFFICE_E2E_PINS, EOFFICE_E2E_PARTNER, EOFFICE_E2E_SIGNING và EOFFICE_E2E_SCAN.');
  process.exit(2);
}
PASSWORDS[PARTNER.clerk] = PARTNER.password;
PASSWORDS[SIGNING.token.username] = SIGNING.token.password;
mkdirSync(SHOTS, { recursive: true });

const LAPTOP = { width: 1366, height: 850 };
const TABLET = { width: 820, height: 1180 };
const TIMEOUT = 20_000;

const consoleErrors = [];
let allowedHttpErrors = 0;
let lastPage = null; // the page a failing step was on, for the alerts it showed

function agencyDay(offsetDays = 0) {
  const now = new Date(Date.now() + offsetDays * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(now); // YYYY-MM-DD
}
const ddmmyyyy = (iso) => iso.split('-').reverse().join('/');

/** The agency's wall clock `minutesAgo` minutes ago as `YYYY-MM-DDTHH:mm` (a datetime-local value), kept on today. */
function agencyMinutesAgo(minutesAgo) {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Ho_Chi_Minh',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(Date.now() - minutesAgo * 60_000));
  const get = (type) => parts.find((p) => p.type === type).value;
  const day = `${get('year')}-${get('month')}-${get('day')}`;
  return day === agencyDay(0) ? `${day}T${get('hour')}:${get('minute')}` : `${agencyDay(0)}T00:00`;
}

async function expectingHttpErrors(fn) {
  allowedHttpErrors += 1;
  try {
    return await fn();
  } finally {
    allowedHttpErrors -= 1;
  }
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
  ],
});

async function newPage(viewport = LAPTOP) {
  const context = await browser.newContext({ viewport, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  context.setDefaultTimeout(TIMEOUT);
  const page = await context.newPage();
  lastPage = page;
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    if (allowedHttpErrors > 0 && /Failed to load resource: the server responded with a status of (40[134]|422)/.test(text)) return;
    consoleErrors.push(`${page.url()}: ${text}`);
  });
  page.on('pageerror', (error) => consoleErrors.push(`${page.url()}: ${error.message}`));
  // requests in flight, so that signing out waits for the screen's own (else they would answer 401)
  page.inflight = 0;
  page.on('request', () => (page.inflight += 1));
  page.on('requestfinished', () => (page.inflight -= 1));
  page.on('requestfailed', () => (page.inflight -= 1));
  return page;
}

// Every control on a screen must have a name a screen reader can say (a <label>, aria-label or its text).
async function assertLabelled(page, name) {
  const unnamed = await page.evaluate(() =>
    [...document.querySelectorAll('input, select, textarea, button')]
      .filter((el) => el.type !== 'hidden' && el.getClientRects().length > 0)
      .filter((el) => {
        const aria = el.getAttribute('aria-label') || el.getAttribute('aria-labelledby');
        const labelled = el.labels && el.labels.length > 0;
        const text = el.tagName === 'BUTTON' && el.textContent.trim();
        return !(aria || labelled || text);
      })
      .map((el) => el.outerHTML.slice(0, 120)),
  );
  check(unnamed.length === 0, `màn hình ${name} có điều khiển chưa có nhãn: ${unnamed.join(' | ')}`);
}

async function shot(page, name) {
  await assertLabelled(page, name);
  await page.screenshot({ path: resolve(SHOTS, `${name}.png`), fullPage: true });
}

async function login(username, viewport) {
  const page = await newPage(viewport);
  await page.goto(`${BASE}/dang-nhap`);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(PASSWORDS[username]);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByTestId('current-user').waitFor();
  return page;
}

async function logout(page) {
  // let the screen's own requests finish first: cut off by the sign-out they would answer 401
  for (let quiet = 0, i = 0; quiet < 2 && i < 80; i++) {
    await page.waitForTimeout(150);
    quiet = page.inflight === 0 ? quiet + 1 : 0;
  }
  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await page.getByRole('heading', { name: 'eOffice' }).waitFor();
  await page.context().close();
}

async function nav(page, label) {
  await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: label, exact: true }).click();
}

async function expectStatus(page, text) {
  await page.locator('.badge', { hasText: text }).first().waitFor();
}

const steps = [];
const step = (name, fn) => steps.push({ name, fn });
const state = {};
const suffix = Date.now().toString(36).slice(-5);
const incomingTitle = `Quyết định về việc cải cách hành chính năm 2026 (${suffix})`;
const outgoingTitle = `Báo cáo công tác văn thư quý II năm 2026 (${suffix})`;
const deadline = agencyDay(2);

step('đăng nhập sai báo lỗi rõ ràng', async () => {
  const page = await newPage();
  await page.goto(`${BASE}/`);
  await page.waitForURL(/\/dang-nhap$/);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('alert').filter({ hasText: 'Vui lòng nhập tên đăng nhập' }).waitFor();
  await page.getByLabel('Tên đăng nhập').fill('vanthu');
  await page.getByLabel('Mật khẩu').fill('mat-khau-sai');
  await expectingHttpErrors(async () => {
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    const message = (await alert.textContent()) ?? '';
    check(/không đúng|sai/i.test(message), `thông báo lỗi đăng nhập không rõ: "${message}"`);
  });
  await shot(page, '01-dang-nhap-loi');
  await page.context().close();
});

step('quản trị: luồng duyệt và người dùng', async () => {
  const page = await login('admin');
  await nav(page, 'Quản trị');
  await page.getByRole('table', { name: 'Người dùng' }).getByText('vanthu', { exact: true }).waitFor();
  await page.getByLabel('Tên đăng nhập').fill(`tuphap${suffix}`);
  await page.getByLabel('Họ và tên').fill('Phạm Văn Tư');
  await page.getByLabel('Mật khẩu (ít nhất 12 ký tự, khó đoán)').fill('tuphap-mat-khau-1');
  await page.getByLabel('Chức vụ').fill('Chuyên viên');
  await page.getByLabel('Phòng ban').selectOption({ label: 'Phòng Tư pháp' });
  await page.getByRole('button', { name: 'Thêm người dùng' }).click();
  await page.getByRole('table', { name: 'Người dùng' }).getByText(`tuphap${suffix}`).waitFor();
  PASSWORDS[`tuphap${suffix}`] = 'tuphap-mat-khau-1';
  // edit the new account, then lock and unlock it
  const userRow = page.getByRole('row', { name: new RegExp(`tuphap${suffix}`) });
  await page.getByRole('button', { name: `Sửa người dùng tuphap${suffix}`, exact: true }).click();
  const edit = page.getByRole('dialog', { name: `Sửa người dùng tuphap${suffix}` });
  await edit.getByLabel('Chức vụ').fill('Chuyên viên chính');
  await edit.getByRole('button', { name: 'Lưu thay đổi' }).click();
  await page.getByRole('status').filter({ hasText: `Đã lưu thông tin tài khoản tuphap${suffix}` }).waitFor();
  await userRow.getByText('Chuyên viên chính').waitFor();
  await page.getByRole('button', { name: `Khóa tài khoản tuphap${suffix}`, exact: true }).click();
  await userRow.getByText('Đã khóa').waitFor();
  await page.getByRole('button', { name: `Mở khóa tài khoản tuphap${suffix}`, exact: true }).click();
  await userRow.getByText('Đang hoạt động').waitFor();
  await shot(page, '02-quan-tri-nguoi-dung');
  await page.getByRole('tab', { name: 'Luồng duyệt' }).click();
  await page.getByLabel('Tên luồng').fill('Luồng mặc định');
  await page.getByRole('button', { name: 'Lưu luồng duyệt' }).click();
  await page.getByRole('status').filter({ hasText: 'Đã lưu luồng duyệt' }).waitFor();
  await page.getByText('Lãnh đạo phòng xem xét → Lãnh đạo đơn vị duyệt').first().waitFor();
  await shot(page, '03-quan-tri-luong-duyet');
  // a delegation that starts later (so the approvals below stay with their own leaders), then revoked
  await page.getByRole('tab', { name: 'Ủy quyền' }).click();
  const optionLabel = async (field, name) =>
    (await page.getByLabel(field).locator('option', { hasText: name }).first().textContent()) ?? '';
  await page.getByLabel('Người ủy quyền').selectOption({ label: await optionLabel('Người ủy quyền', 'Nguyễn Văn An') });
  await page.getByLabel('Người được ủy quyền').selectOption({ label: await optionLabel('Người được ủy quyền', 'Lê Thị Hoa') });
  await page.getByLabel('Hình thức').selectOption({ label: 'Ký thay (KT.)' });
  await page.getByLabel('Từ ngày').fill(agencyDay(10));
  await page.getByLabel('Đến ngày').fill(agencyDay(20));
  await page.getByRole('button', { name: 'Thêm ủy quyền' }).click();
  await page.getByRole('status').filter({ hasText: `Đã tạo ủy quyền từ ${ddmmyyyy(agencyDay(10))} đến ${ddmmyyyy(agencyDay(20))}` }).waitFor();
  const delegation = page.getByRole('row', { name: new RegExp(`${ddmmyyyy(agencyDay(10))} – ${ddmmyyyy(agencyDay(20))}`) });
  await delegation.getByText('Chưa hiệu lực').waitFor();
  await shot(page, '20-quan-tri-uy-quyen');
  await delegation.getByRole('button', { name: /^Thu hồi ủy quyền/ }).click();
  await delegation.getByText('Đã thu hồi').waitFor();
  await logout(page);
});

step('văn thư vào sổ văn bản đến (kéo thả tệp) và phân công', async () => {
  const page = await login('vanthu');
  await page.getByRole('heading', { name: /Xin chào/ }).waitFor();
  state.completedBefore = Number(await page.getByTestId('card-da_hoan_thanh').locator('.card-count').textContent());
  await shot(page, '04-tong-quan');
  await nav(page, 'Văn bản đến');
  await page.getByRole('link', { name: 'Vào sổ văn bản đến' }).click();
  const pdf = makePdf(['QUYET DINH', 'Ve viec cai cach hanh chinh nam 2026', 'Noi dung thu nghiem tu dong.']);
  // A real drop event carrying a File, as a browser produces when a file is dragged onto the zone.
  await page.getByTestId('dropzone').evaluate((zone, bytes) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([new Uint8Array(bytes)], 'qd-cai-cach.pdf', { type: 'application/pdf' }));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, [...pdf]);
  await page.getByRole('list', { name: 'Tệp đã chọn' }).getByText('qd-cai-cach.pdf').waitFor();
  await page.getByLabel('Trích yếu').fill(incomingTitle);
  await page.getByLabel('Loại văn bản').selectOption({ label: 'Quyết định' });
  await page.getByLabel('Cơ quan ban hành').fill('Bộ Nội vụ');
  await page.getByLabel('Số', { exact: true }).fill('05');
  await page.getByLabel('Ký hiệu').fill('QĐ-BNV');
  await page.getByLabel('Ngày ban hành').fill('2020-03-05');
  await page.getByLabel('Hạn xử lý').fill(deadline);
  await page.getByLabel('Độ khẩn').selectOption({ label: 'Khẩn' });
  await shot(page, '05-vao-so-van-ban-den');
  await page.getByRole('button', { name: 'Vào sổ', exact: true }).click();
  await page.waitForURL(/\/van-ban-den\/\d+$/);
  state.incomingId = Number(page.url().split('/').pop());
  await page.getByRole('status').filter({ hasText: 'Đã vào sổ văn bản đến số' }).waitFor();
  await page.getByText('05/QĐ-BNV').waitFor();
  await page.getByText('05/03/2020 (ngày 05 tháng 3 năm 2020)').waitFor();
  await page.getByRole('img', { name: /qd-cai-cach\.pdf — trang 1/ }).waitFor();
  await page.getByText('còn 2 ngày').first().waitFor();
  await page.getByTestId('processing-state').filter({ hasText: /Đang xử lý|Đã xử lý xong|Có lỗi khi xử lý/ }).waitFor();
  await page.getByRole('button', { name: 'Phân công' }).click();
  const dialog = page.getByRole('dialog', { name: 'Phân công xử lý' });
  await dialog.getByLabel('Người hoặc đơn vị').selectOption({ label: 'Trần Văn Bình — Chuyên viên' });
  await dialog.getByLabel('Ý kiến chỉ đạo').fill('Đề nghị nghiên cứu, tham mưu.');
  await dialog.getByRole('button', { name: 'Phân công', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Đã phân công xử lý' }).waitFor();
  const assignments = page.getByRole('table', { name: 'Phân công xử lý' });
  await assignments.getByText('Trần Văn Bình').waitFor();
  await assignments.getByText(`${ddmmyyyy(deadline)} (còn 2 ngày)`).waitFor();
  await page.getByRole('list', { name: 'Lịch sử xử lý' }).getByText('Giao xử lý chính: Trần Văn Bình').waitFor();
  await shot(page, '06-chi-tiet-van-ban-den');
  await nav(page, 'Văn bản đến');
  const row = page.getByRole('row', { name: new RegExp(incomingTitle.replace(/[()]/g, '.')) });
  await row.waitFor();
  check((await row.textContent()).includes('còn 2 ngày'), 'danh sách không hiện hạn "còn 2 ngày"');
  // Keyboard: Tab reaches the document link and Enter opens it.
  await page.getByRole('tab', { name: /Tất cả/ }).focus();
  let reached = false;
  for (let i = 0; i < 40 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate((title) => document.activeElement?.textContent === title, incomingTitle);
  }
  check(reached, 'không dùng phím Tab để tới được văn bản trong danh sách');
  await shot(page, '07-danh-sach-van-ban-den');
  await page.setViewportSize(TABLET);
  await shot(page, '08-danh-sach-van-ban-den-may-tinh-bang');
  await page.setViewportSize(LAPTOP);
  await page.keyboard.press('Enter');
  await page.waitForURL(new RegExp(`/van-ban-den/${state.incomingId}$`));
  await logout(page);
});

step('tìm kiếm không dấu thấy văn bản', async () => {
  const page = await login('vanthu');
  await nav(page, 'Tìm kiếm');
  const box = page.getByLabel('Nội dung cần tìm');
  let found = false;
  for (let attempt = 0; attempt < 15 && !found; attempt++) {
    await box.fill(`cai cach hanh chinh ${suffix}`);
    await page.getByRole('button', { name: 'Tìm', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Tìm thấy' }).waitFor();
    found = (await page.getByRole('link', { name: incomingTitle }).count()) > 0;
    if (!found) await page.waitForTimeout(1000);
  }
  check(found, 'tìm "cai cach hanh chinh" (không dấu) không thấy văn bản vừa vào sổ');
  check((await page.locator('.results mark').count()) > 0, 'kết quả tìm kiếm không tô sáng từ khớp');
  await shot(page, '09-tim-kiem');
  await page.getByRole('link', { name: incomingTitle }).click();
  await page.waitForURL(new RegExp(`/van-ban-den/${state.incomingId}$`));
  await logout(page);
});

step('chuyên viên xử lý văn bản đến, soạn và trình văn bản đi', async () => {
  const page = await login('chuyenvien');
  await nav(page, 'Văn bản đến');
  await page.getByRole('link', { name: incomingTitle }).click();
  await page.getByLabel('Nội dung').fill('Đã nghiên cứu, đề xuất soạn công văn trả lời.');
  await page.getByRole('button', { name: 'Ghi ý kiến' }).click();
  await page.getByRole('list', { name: 'Lịch sử xử lý' }).getByText('Đã nghiên cứu, đề xuất soạn công văn trả lời.').waitFor();
  // by now the pipeline has indexed the file (search found it): the badge says it is done
  await page.getByTestId('processing-state').filter({ hasText: 'Đã xử lý xong' }).waitFor({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Hoàn thành', exact: true }).click();
  const completing = page.getByRole('dialog', { name: 'Hoàn thành xử lý' });
  await completing.getByLabel('Kết quả xử lý').fill('Đã tham mưu công văn trả lời.');
  await completing.getByRole('button', { name: 'Xác nhận hoàn thành' }).click();
  await page.getByRole('status').filter({ hasText: 'Đã hoàn thành xử lý' }).waitFor();
  // the outgoing life: a Công văn drafted from the agency's template (DOCX), never a hand-made PDF
  await nav(page, 'Văn bản đi');
  await page.getByRole('link', { name: 'Soạn từ mẫu' }).click();
  await page.getByLabel('Mẫu văn bản').selectOption({ label: 'Công văn' });
  await page.getByLabel('Trích yếu').fill(outgoingTitle);
  await page.getByLabel('Kính gửi (mỗi dòng một nơi)').fill(`Bộ Nội vụ\n${PARTNER.name}`);
  await page
    .getByLabel('Nội dung (mỗi dòng một đoạn)')
    .fill('Ủy ban nhân dân tỉnh Demo báo cáo kết quả công tác văn thư quý II năm 2026 như sau.\nĐề nghị các cơ quan phối hợp theo dõi.');
  await page.getByLabel('Chức vụ người ký').fill('Chủ tịch');
  await page.getByLabel('Họ và tên người ký').fill('Nguyễn Văn An');
  await page.getByLabel('Nơi nhận (mỗi dòng một nơi)').fill('Như trên;\nPhòng Tài chính;'); // the template adds “Lưu: VT”
  await shot(page, '16-soan-tu-mau');
  await page.getByRole('button', { name: 'Tạo dự thảo' }).click();
  await page.waitForURL(/\/van-ban-di\/\d+$/);
  state.outgoingId = Number(page.url().split('/').pop());
  await page.getByRole('status').filter({ hasText: 'Đã tạo dự thảo từ mẫu Công văn' }).waitFor();
  // the pipeline converts the DOCX; its PDF is what every reviewer sees (and what the leader will sign)
  await page.getByRole('img', { name: /\(bản PDF chuyển đổi\) — trang 1/ }).waitFor({ timeout: 90_000 });
  await page.getByRole('button', { name: 'Kiểm tra', exact: true }).click();
  await page.locator('.check-summary', { hasText: 'Phiên bản 1' }).waitFor();
  await page.getByLabel('Góp ý mới').fill('Bản dự thảo lần 1, kính trình lãnh đạo.');
  await page.getByRole('button', { name: 'Gửi góp ý' }).click();
  await page.locator('.comments').getByText('Bản dự thảo lần 1, kính trình lãnh đạo.').waitFor();
  await page.getByRole('button', { name: 'Trình duyệt' }).click();
  await expectStatus(page, 'Đang trình duyệt');
  await page.getByText('Đang chờ: Lê Thị Hoa').waitFor();
  // the pipeline (convert, extract, index) has finished with the draft, so the screen stops polling it
  await page.getByTestId('processing-state').filter({ hasText: 'Đã xử lý xong' }).waitFor({ timeout: 60_000 });
  await shot(page, '10-van-ban-di-da-trinh');
  await logout(page);
});

step('trưởng phòng trả lại có lý do, chuyên viên trình lại, trưởng phòng duyệt', async () => {
  let page = await login('truongphong');
  await nav(page, 'Văn bản đi');
  await page.getByRole('tab', { name: 'Chờ tôi duyệt' }).click();
  await page.getByRole('link', { name: outgoingTitle }).click();
  await page.getByRole('button', { name: 'Trả lại' }).click();
  const dialog = page.getByRole('dialog', { name: 'Trả lại văn bản để sửa' });
  await dialog.getByRole('button', { name: 'Trả lại' }).click();
  await dialog.getByRole('alert').filter({ hasText: 'Vui lòng nhập lý do' }).waitFor();
  await dialog.getByLabel('Lý do').fill('Bổ sung số liệu quý II.');
  await dialog.getByRole('button', { name: 'Trả lại' }).click();
  await expectStatus(page, 'Trả lại để sửa');
  await logout(page);

  page = await login('chuyenvien');
  await page.goto(`${BASE}/van-ban-di/${state.outgoingId}`);
  await page.getByText('“Bổ sung số liệu quý II.”').waitFor();
  await page.getByRole('button', { name: 'Trình duyệt' }).click();
  await expectStatus(page, 'Đang trình duyệt');
  await logout(page);

  page = await login('truongphong');
  await page.goto(`${BASE}/van-ban-di/${state.outgoingId}`);
  await page.getByRole('button', { name: 'Duyệt', exact: true }).click();
  await page.getByText('Đang chờ: Nguyễn Văn An').waitFor();
  await logout(page);
});

step('lãnh đạo duyệt và ký số (ký hàng loạt)', async () => {
  const page = await login('lanhdao');
  await page.getByRole('heading', { name: 'Văn bản đi chờ tôi duyệt' }).waitFor();
  await page.getByRole('link', { name: outgoingTitle }).click();
  // the leader reads the content he approves: the PDF the DOCX draft was converted to
  await previewRendered(page, /\(bản PDF chuyển đổi\)$/);
  await shot(page, '11-lanh-dao-cho-duyet');
  await page.getByRole('button', { name: 'Duyệt', exact: true }).click();
  await expectStatus(page, 'Đã duyệt, chờ ký');
  await nav(page, 'Văn bản đi');
  await page.getByRole('tab', { name: 'Chờ ký' }).click();
  await page.getByRole('checkbox', { name: `Chọn để ký: ${outgoingTitle}` }).check();
  await page.getByLabel('Mã PIN ký số', { exact: true }).fill(PINS.lanhdao);
  await page.getByRole('button', { name: 'Ký số 1 văn bản đã chọn' }).click();
  // signing is final: the dialog names what will be signed, and only its button goes on
  const signing = page.getByRole('dialog', { name: 'Xác nhận ký số' });
  await signing.getByText(outgoingTitle).waitFor();
  await signing.getByRole('button', { name: 'Ký số', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Đã ký 1 văn bản' }).waitFor({ timeout: 60_000 });
  await shot(page, '12-ky-so-hang-loat');
  await page.goto(`${BASE}/van-ban-di/${state.outgoingId}`);
  await expectStatus(page, 'Đã ký, chờ cấp số');
  await logout(page);
});

step('tổng quan: số liệu theo trạng thái, biểu đồ đúng hạn, tải sổ văn bản; chuông thông báo', async () => {
  const page = await login('vanthu');
  const done = page.getByTestId('card-da_hoan_thanh').locator('.card-count');
  await done.waitFor();
  const completed = Number(await done.textContent());
  check(completed === state.completedBefore + 1, `thẻ "Đã hoàn thành" đếm ${completed}, trước đó ${state.completedBefore}`);
  // the document was completed before its deadline, so its unit has a rate; the bar is as long as the rate says
  const chart = page.getByRole('list', { name: 'Tỷ lệ đúng hạn theo đơn vị' });
  const rated = chart.locator('li', { hasText: /\d%/ }).first();
  await rated.waitFor();
  const rate = Number(/([\d,]+)%/.exec(await rated.locator('.bar-value').textContent())[1].replace(',', '.'));
  const width = await rated.locator('.bar').evaluate((bar) => parseFloat(bar.style.width));
  check(rate > 0 && Math.abs(width - rate) < 0.11, `thanh biểu đồ dài ${width}% cho tỷ lệ đúng hạn ${rate}%`);
  await page.getByRole('table', { name: 'Thống kê theo đơn vị' }).getByText('Tổng cộng').waitFor();
  const excel = page.getByRole('link', { name: /^Tải Sổ văn bản đến .* dạng XLSX$/ }).first();
  const [download] = await Promise.all([page.waitForEvent('download'), excel.click()]);
  check(/\.xlsx$/.test(download.suggestedFilename()), `tệp tải về không phải XLSX: ${download.suggestedFilename()}`);
  await shot(page, '21-tong-quan-thong-ke');
  await page.getByRole('button', { name: /^Thông báo:/ }).click();
  await page.getByRole('region', { name: 'Thông báo' }).waitFor();
  await shot(page, '22-thong-bao');
  await page.keyboard.press('Escape');
  await page.getByRole('region', { name: 'Thông báo' }).waitFor({ state: 'detached' });
  await logout(page);
});

step('văn thư cấp số, ký số cơ quan, phát hành trong cơ quan và liên thông tới cơ quan khác', async () => {
  let page = await login('vanthu');
  await nav(page, 'Văn bản đi');
  await page.getByRole('tab', { name: 'Chờ cấp số' }).click();
  await page.getByRole('link', { name: outgoingTitle }).click();
  await page.getByLabel('Mã PIN ký số của cơ quan').fill(PINS.agency);
  await page.getByRole('button', { name: 'Cấp số và ký số cơ quan' }).click();
  await page.getByRole('dialog', { name: 'Xác nhận cấp số và ký số cơ quan' }).getByRole('button', { name: 'Cấp số và ký' }).click();
  await page.getByRole('status').filter({ hasText: 'Đã cấp số và ký số cơ quan' }).waitFor({ timeout: 60_000 });
  const number = (await page.locator('.kv', { hasText: 'Số, ký hiệu' }).locator('dd').textContent()) ?? '';
  check(/^\d{2,}\/\S+/.test(number), `số, ký hiệu không đúng dạng: "${number}"`);
  const issued = (await page.locator('.kv', { hasText: 'Ngày ban hành' }).locator('dd').textContent()) ?? '';
  check(issued.startsWith(ddmmyyyy(agencyDay(0))), `ngày ban hành "${issued}" không phải hôm nay theo giờ Việt Nam`);
  state.outgoingNumber = number;
  state.outgoingIssued = issued;
  // the issued PDF is what is previewed now, with its number
  await page.getByRole('img', { name: /— trang 1/ }).waitFor();

  // phát hành: a unit of the agency, and the second agency chosen from the directory (searched without accents)
  await page.getByRole('group', { name: 'Nơi nhận trong cơ quan' }).getByLabel('Phòng Tài chính').check();
  await page.getByLabel('Tìm trong danh bạ liên thông').fill('lang gieng');
  const directory = page.getByRole('list', { name: 'Danh bạ cơ quan liên thông' });
  await directory.getByLabel(`${PARTNER.name} (${PARTNER.code})`).check();
  await page.getByRole('list', { name: 'Cơ quan ngoài đã chọn' }).getByText(PARTNER.name).waitFor();
  await shot(page, '13-phat-hanh');
  await page.getByRole('button', { name: 'Phát hành', exact: true }).click();
  const releasing = page.getByRole('dialog', { name: 'Xác nhận phát hành' });
  const listed = releasing.getByRole('list', { name: 'Nơi nhận sẽ phát hành' });
  await listed.getByText('Phòng Tài chính').waitFor();
  await listed.getByText(/Láng Giềng.*\(liên thông\)/).waitFor();
  await releasing.getByRole('button', { name: 'Phát hành', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Đã phát hành văn bản' }).waitFor();
  await expectStatus(page, 'Đã phát hành');
  const partnerStatus = (page) =>
    page.getByRole('list', { name: 'Tình trạng theo nơi nhận' }).getByRole('listitem').filter({ hasText: PARTNER.code }).first();
  // the package goes out over the exchange: the recipient's line says when it has arrived (F5 as a user would)
  await waitForStatus(page, partnerStatus(page), /Đã gửi|Đã đến|Đã nhận/);
  await page.getByTestId('processing-state').filter({ hasText: 'Đã xử lý xong' }).waitFor({ timeout: 60_000 });
  await logout(page);

  // the second agency's văn thư: the package waits in her queue; she accepts it into her sổ đến
  page = await login(PARTNER.clerk);
  await nav(page, 'Liên thông');
  const queue = page.getByRole('table', { name: 'Văn bản liên thông đến' });
  await queue.getByRole('row').filter({ hasText: outgoingTitle }).waitFor();
  await queue.getByRole('button', { name: `Tiếp nhận: ${outgoingTitle}` }).click();
  await page.getByRole('status').filter({ hasText: `Đã tiếp nhận văn bản ${number}` }).waitFor();
  await logout(page);

  // back at the sender: the partner's own receipt (03) is shown beside the recipient
  page = await login('vanthu');
  await page.goto(`${BASE}/van-ban-di/${state.outgoingId}`);
  await waitForStatus(page, partnerStatus(page), /Đã tiếp nhận/);
  await page.getByRole('list', { name: `Diễn biến tại ${PARTNER.name}` }).waitFor();
  const recipients = page.getByRole('list', { name: 'Nơi nhận và liên thông' }).getByRole('listitem');
  await recipients.filter({ hasText: 'Phòng Tài chính' }).getByText('Đã nhận').waitFor();
  const partnerLines = recipients.filter({ hasText: PARTNER.name });
  check((await partnerLines.count()) === 1, `${PARTNER.name} được liệt kê ${await partnerLines.count()} lần ở nơi nhận`);
  await partnerLines.getByText('Đã gửi').waitFor();
  await previewRendered(page, /^Xem trước: \d{2,}-\S+\.pdf$/); // the issued PDF, its number and date on it
  await shot(page, '13-van-ban-di-da-phat-hanh');
  await nav(page, 'Liên thông');
  // the văn thư's queue of documents from other agencies comes first
  await page.getByRole('tab', { name: 'Văn bản liên thông đến', selected: true }).waitFor();
  await page.getByRole('table', { name: 'Văn bản liên thông đến' }).waitFor();
  await page.getByLabel('Trạng thái').selectOption({ label: 'Chờ tiếp nhận' });
  await shot(page, '23-lien-thong-den');
  await page.getByRole('tab', { name: 'Văn bản đã gửi' }).click();
  await page.getByRole('link', { name: outgoingTitle }).waitFor();
  await page.getByRole('button', { name: `Tình trạng liên thông: ${outgoingTitle}` }).click();
  await page.getByRole('list', { name: 'Tình trạng theo nơi nhận' }).getByText(PARTNER.name).waitFor();
  await shot(page, '14-lien-thong');
  await logout(page);
  state.partnerCode = PARTNER.code;
});

/** The PDF preview named `name` has drawn its first page (not only started to). */
async function previewRendered(page, name) {
  const preview = page.getByRole('region', { name });
  await preview.getByRole('img', { name: /— trang 1$/ }).waitFor({ timeout: 60_000 });
  await preview.getByText('Đang tải bản xem trước…').waitFor({ state: 'detached', timeout: 60_000 });
}

/** Reload the page until `line` (a recipient's status) matches `expected`, as a user presses F5. */
async function waitForStatus(page, line, expected) {
  for (let attempt = 0; attempt < 60; attempt++) {
    if ((await line.count()) > 0 && expected.test((await line.textContent()) ?? '')) return;
    await page.waitForTimeout(1000);
    await page.reload();
    await page.getByRole('heading', { name: outgoingTitle }).waitFor();
  }
  check(false, `tình trạng tại nơi nhận không tới "${expected.source}": "${(await line.count()) ? await line.textContent() : ''}"`);
}

step('chuyên viên kiểm tra thể thức và căn cứ bản Word, sửa tự động; xem chữ ký số', async () => {
  const page = await login('chuyenvien');
  const outdated = 'Căn cứ Nghị định số 110/2004/NĐ-CP ngày 08 tháng 4 năm 2004 của Chính phủ về công tác văn thư';
  // a Word draft with a 25 mm left margin and the replaced decree: both findings, then the one-click fix
  await nav(page, 'Văn bản đi');
  await page.getByRole('link', { name: 'Soạn dự thảo' }).click();
  const docx = makeDocx(
    [
      ['ỦY BAN NHÂN DÂN TỈNH DEMO', { bold: true, size: 13, center: true }],
      ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { bold: true, size: 12, center: true }],
      ['Độc lập - Tự do - Hạnh phúc', { bold: true, size: 14, center: true }],
      ['Số:      /QĐ-UBND', { size: 13, center: true }],
      ['QUYẾT ĐỊNH', { bold: true, center: true }],
      ['Về việc ban hành Quy chế công tác văn thư', { bold: true, center: true }],
      [`${outdated}.`, { italic: true }],
      ['Ban hành kèm theo Quyết định này Quy chế công tác văn thư của Ủy ban nhân dân tỉnh.'],
    ],
    { top: 20, bottom: 20, left: 25, right: 15 },
  );
  await page.getByLabel('Bản dự thảo (DOCX hoặc PDF)').setInputFiles({
    name: 'du-thao-le-sai.docx',
    mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    buffer: docx,
  });
  await page.getByLabel('Trích yếu').fill(`Quyết định có lề trái sai (${suffix})`);
  await page.getByLabel('Loại văn bản').selectOption({ label: 'Quyết định' });
  await page.getByRole('button', { name: 'Lưu dự thảo' }).click();
  await page.waitForURL(/\/van-ban-di\/\d+$/);
  await page.getByRole('button', { name: 'Kiểm tra', exact: true }).click();
  await page.locator('.check-summary', { hasText: 'Phiên bản 1' }).waitFor();
  const formatList = page.getByRole('list', { name: 'Thể thức, kỹ thuật trình bày' });
  const legalList = page.getByRole('list', { name: 'Căn cứ pháp lý' });
  await formatList.locator('[data-code="format.margin_left"]').waitFor();
  check((await formatList.locator('[data-code="format.margin_left"]').textContent()).includes('Lề trái'), 'phát hiện không nêu tên quy tắc');
  check(!/\b(format|legal)\.[a-z_]+/.test(await page.locator('.findings').textContent()), 'màn hình hiện mã lỗi thay cho tên quy tắc');
  const replaced = legalList.locator('[data-code="legal.replaced"]').first();
  await replaced.waitFor();
  check((await replaced.textContent()).includes('30/2020/NĐ-CP'), 'phát hiện căn cứ hết hiệu lực không nêu văn bản thay thế');
  // the finding points at its paragraph: a click marks it in the text beside the findings
  await replaced.getByRole('button', { name: /^Đoạn \d+$/ }).click();
  const marked = page.locator('.draft-text li.marked');
  await marked.waitFor();
  check((await marked.textContent()).startsWith('Căn cứ Nghị định số 110/2004'), 'phát hiện không chỉ đúng đoạn văn');
  await shot(page, '17-kiem-tra-the-thuc-can-cu');
  await page.getByRole('button', { name: /^Sửa tự động \d+ lỗi$/ }).click();
  await page.getByRole('status').filter({ hasText: 'Đã sửa tự động và lưu phiên bản 2' }).waitFor();
  await page.locator('.check-summary', { hasText: 'Phiên bản 2' }).waitFor();
  check((await formatList.locator('[data-code="format.margin_left"]').count()) === 0, 'phiên bản đã sửa vẫn báo lỗi lề trái');
  await legalList.locator('[data-code="legal.replaced"]').first().waitFor();
  await page.getByRole('list', { name: 'Nhật ký văn bản' }).getByText('Sửa tự động lỗi thể thức').waitFor();
  await shot(page, '18-sua-tu-dong');

  // the released document's signatures, said plainly
  await page.goto(`${BASE}/van-ban-di/${state.outgoingId}`);
  await page.getByRole('button', { name: 'Xác thực chữ ký số' }).click();
  await page.getByRole('status').filter({ hasText: 'tất cả 2 chữ ký đều hợp lệ' }).waitFor({ timeout: 60_000 });
  const signatures = page.getByRole('list', { name: 'Các chữ ký số' });
  await signatures.getByText('Nguyễn Văn An').waitFor();
  await signatures.getByText('Chữ ký số của cơ quan').waitFor();
  await shot(page, '19-chu-ky-so');
  await logout(page);
});

step('người không có quyền không thấy và không mở được văn bản', async () => {
  const username = `tuphap${suffix}`;
  const page = await login(username);
  await nav(page, 'Văn bản đến');
  await page.getByRole('table', { name: 'Danh sách văn bản đến' }).waitFor();
  check((await page.getByText(incomingTitle).count()) === 0, 'người không có quyền vẫn thấy văn bản trong danh sách');
  await nav(page, 'Văn bản đi');
  await page.getByRole('table', { name: 'Danh sách văn bản đi' }).waitFor();
  check((await page.getByText(outgoingTitle).count()) === 0, 'người không có quyền vẫn thấy văn bản đi trong danh sách');
  await expectingHttpErrors(async () => {
    await page.goto(`${BASE}/van-ban-den/${state.incomingId}`);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    check((await page.getByText(incomingTitle).count()) === 0, 'mở bằng đường dẫn vẫn thấy văn bản');
    await shot(page, '15-khong-co-quyen');
  });
  await nav(page, 'Tìm kiếm');
  await page.getByLabel('Nội dung cần tìm').fill(`cai cach hanh chinh ${suffix}`);
  await page.getByRole('button', { name: 'Tìm', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Tìm thấy 0 văn bản' }).waitFor();
  await logout(page);
});

step('người dùng tự đổi mật khẩu: mật khẩu yếu bị từ chối, mật khẩu mới dùng được ngay', async () => {
  const username = `tuphap${suffix}`;
  const page = await login(username);
  await page.getByTestId('current-user').click();
  await page.getByRole('heading', { name: 'Đổi mật khẩu' }).waitFor();
  await expectingHttpErrors(async () => {
    await page.getByLabel('Mật khẩu hiện tại').fill(PASSWORDS[username]);
    await page.getByLabel('Mật khẩu mới', { exact: true }).fill('12345678');
    await page.getByLabel('Nhập lại mật khẩu mới').fill('12345678');
    await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    const message = (await alert.textContent()) ?? '';
    check(/mật khẩu/i.test(message), `không nói vì sao mật khẩu yếu bị từ chối: "${message}"`);
  });
  const stronger = `Sông Lam ${suffix} chảy qua Hưng Nguyên`;
  await page.getByLabel('Mật khẩu hiện tại').fill(PASSWORDS[username]);
  await page.getByLabel('Mật khẩu mới', { exact: true }).fill(stronger);
  await page.getByLabel('Nhập lại mật khẩu mới').fill(stronger);
  await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
  await page.getByRole('status').filter({ hasText: 'Đã đổi mật khẩu' }).waitFor();
  await shot(page, '16-doi-mat-khau');
  await logout(page);
  PASSWORDS[username] = stronger;
  await logout(await login(username));
});

step('lãnh đạo ký số bằng USB token qua phần mềm ký số, và bằng VNPT SmartCA xác nhận trên điện thoại', async () => {
  const { token, smartca } = SIGNING;
  // Phó Chủ tịch: tells this browser where his signing software listens, registers the token's certificate from it
  let page = await login(token.username);
  await page.getByTestId('current-user').click();
  const usb = page.getByRole('form', { name: 'Ký số bằng USB token' });
  await usb.getByLabel('Địa chỉ phần mềm ký số trên máy này').fill(token.agent);
  await usb.getByRole('button', { name: 'Lưu địa chỉ' }).click();
  await usb.getByRole('status').filter({ hasText: 'Đã lưu địa chỉ phần mềm ký số cho trình duyệt này.' }).waitFor();
  await usb.getByRole('button', { name: 'Lấy chứng thư từ phần mềm ký số' }).click();
  await usb.getByRole('status').filter({ hasText: 'Đã đăng ký chứng thư số lấy từ phần mềm ký số.' }).waitFor();
  await usb.getByRole('status').filter({ hasText: 'Đã đăng ký USB token: chứng thư của' }).waitFor();
  await shot(page, '28-dang-ky-usb-token');
  // he signs the approved Tờ trình: the page carries the digest to the agent and its signature back
  await page.goto(`${BASE}/van-ban-di/${token.id}`);
  await page.getByRole('heading', { name: token.title }).waitFor();
  await page.getByRole('button', { name: 'Ký số bằng USB token' }).click();
  const confirmToken = page.getByRole('dialog', { name: 'Xác nhận ký số' });
  await confirmToken.getByText(token.title).waitFor();
  await confirmToken.getByRole('button', { name: 'Ký số', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Đã ký số văn bản bằng USB token.' }).waitFor({ timeout: 60_000 });
  await expectStatus(page, 'Đã ký, chờ cấp số');
  await shot(page, '29-ky-bang-usb-token');
  await logout(page);

  // Chủ tịch: registers his VNPT SmartCA account, signs choosing SmartCA, the page waits for his phone
  page = await login('lanhdao');
  await page.getByTestId('current-user').click();
  const remote = page.getByRole('form', { name: 'Ký số từ xa (VNPT SmartCA)' });
  await remote.getByLabel('Tài khoản SmartCA (số CCCD)').fill(smartca.account);
  await remote.getByLabel('Mật khẩu SmartCA').fill(smartca.password);
  await remote.getByRole('button', { name: 'Đăng ký', exact: true }).click();
  await remote.getByRole('status').filter({ hasText: `Đã đăng ký: ${smartca.account}, chứng thư của Nguyễn Văn An` }).waitFor();
  await page.goto(`${BASE}/van-ban-di/${smartca.id}`);
  await page.getByRole('heading', { name: smartca.title }).waitFor();
  await page.getByLabel('Ký bằng').selectOption({ label: 'VNPT SmartCA (xác nhận trên điện thoại)' });
  await page.getByLabel('Mật khẩu VNPT SmartCA').fill(smartca.password);
  await page.getByRole('button', { name: 'Ký số', exact: true }).click();
  const confirmPhone = page.getByRole('dialog', { name: 'Xác nhận ký số' });
  await confirmPhone.getByText(smartca.title).waitFor();
  await confirmPhone.getByRole('button', { name: 'Ký số', exact: true }).click();
  const waiting = page.getByRole('status').filter({ hasText: 'Chờ xác nhận trên điện thoại (VNPT SmartCA) — Nguyễn Văn An' });
  await waiting.waitFor({ timeout: 60_000 });
  await expectStatus(page, 'Đã duyệt, chờ ký');
  await shot(page, '30-cho-xac-nhan-tren-dien-thoai');
  writeFileSync(smartca.phone, 'chờ xác nhận'); // the caller approves on the phone now
  // the page asks SmartCA every few seconds: signed, with nothing left waiting
  await expectStatus(page, 'Đã ký, chờ cấp số');
  await waiting.waitFor({ state: 'detached' });
  await shot(page, '31-da-ky-bang-smartca');
  await logout(page);
});

// The bell of the signed-in user lists `title` (what the notification says happened) about the document named
// `about`; returns that entry, with the link that opens the document.
async function bellShows(page, title, about) {
  const bell = page.getByRole('button', { name: /^Thông báo:/ });
  if ((await bell.getAttribute('aria-expanded')) !== 'true') await bell.click();
  const entry = page
    .getByRole('region', { name: 'Thông báo' })
    .getByRole('listitem')
    .filter({ has: page.getByRole('link', { name: title, exact: true }) })
    .filter({ hasText: about })
    .first();
  await entry.waitFor();
  return entry;
}

async function openFromBell(page, title, about, id) {
  const entry = await bellShows(page, title, about);
  await entry.getByRole('link', { name: title, exact: true }).click();
  await page.waitForURL(new RegExp(`/van-ban-den/${id}$`));
  await page.getByRole('heading', { name: about }).waitFor();
}

const journey = {
  title: `Công văn về việc bố trí kinh phí số hóa tài liệu lưu trữ (${suffix})`,
  numberSymbol: '2468/BTC-NSNN',
  arrivedAt: agencyMinutesAgo(10),
  presentNote: 'Văn bản của Bộ Tài chính, kính trình đồng chí Chủ tịch cho ý kiến.',
  direction: 'Giao Phòng Nội vụ chủ trì tham mưu, Phòng Tài chính phối hợp; Văn phòng theo dõi.',
  forwardNote: 'Đề nghị đồng chí Bình nghiên cứu, dự thảo văn bản trả lời.',
  extensionReason: 'Chờ Phòng Tài chính gửi số liệu kinh phí năm trước.',
  deadline: agencyDay(3),
  extendedTo: agencyDay(10),
  result: 'Đã tham mưu Công văn trả lời Bộ Tài chính về kinh phí số hóa.',
};

step('văn bản đến trọn vòng: vào sổ đã chọn, trình, chỉ đạo và phân công, chuyển xử lý, gia hạn, hoàn thành; ai cũng được báo', async () => {
  check(REGISTER && STATE_FILE, 'Cần EOFFICE_E2E_REGISTER (sổ để chọn) và EOFFICE_E2E_STATE (tệp kết quả).');
  const { title } = journey;
  const hasDeadline = async (page, iso) => {
    const shown = page.locator('.kv', { hasText: 'Hạn xử lý' }).locator('dd');
    await shown.filter({ hasText: ddmmyyyy(iso) }).waitFor();
  };
  const completedCount = async (page) => {
    const count = page.getByTestId('card-da_hoan_thanh').locator('.card-count');
    await count.waitFor();
    return Number(await count.textContent());
  };
  const assignmentRow = (page, ...texts) =>
    texts.reduce((row, text) => row.filter({ hasText: text }), page.getByRole('table', { name: 'Phân công xử lý' }).getByRole('row'));
  const extensionRow = (page) =>
    page.getByRole('table', { name: 'Đề nghị gia hạn' }).getByRole('row').filter({ hasText: journey.extensionReason });

  // văn thư: vào sổ in the sổ she chooses, at the arrival time she gives, then trình lãnh đạo
  let page = await login('vanthu');
  const completedBefore = await completedCount(page);
  await nav(page, 'Văn bản đến');
  await page.getByRole('link', { name: 'Vào sổ văn bản đến' }).click();
  // the letter came on paper: its scan (no text layer) is read at once and the form fills itself; the văn thư
  // checks each field read, writes the trích yếu in the agency's words, and adds what the letter does not say
  await page.getByLabel(/^Tệp văn bản nhận được/).setInputFiles(SCAN.path);
  await page.getByRole('status').filter({ hasText: 'Đã điền sẵn các trường đọc được từ văn bản' }).waitFor({ timeout: 90_000 });
  // a label's text is all its text: the required mark '*' and, for a select, its options follow
  const readMark = (label) => new RegExp(`^${label}\\s*\\*?\\s*\\(đọc từ văn bản\\)`);
  const read = (label) => page.getByLabel(readMark(label));
  for (const [label, expected] of [
    ['Cơ quan ban hành', SCAN.issuer],
    ['Số', SCAN.number],
    ['Ký hiệu', SCAN.symbol],
    ['Ngày ban hành', SCAN.issueDate],
    ['Loại văn bản', SCAN.docType],
  ]) {
    const value = await read(label).inputValue();
    check(value === expected, `trường "${label}" điền sẵn "${value}" từ bản quét, cần "${expected}"`);
  }
  journey.readTitle = await read('Trích yếu').inputValue();
  check(journey.readTitle.includes('kinh phí số hóa tài liệu lưu trữ'), `trích yếu điền sẵn "${journey.readTitle}"`);
  await shot(page, '32-vao-so-dien-san-tu-ban-quet');
  await read('Trích yếu').fill(title);
  await page.getByLabel(readMark('Trích yếu')).waitFor({ state: 'detached' }); // corrected: no longer marked as read
  await page.getByLabel('Sổ văn bản đến').selectOption({ label: REGISTER });
  await page.getByLabel('Ngày giờ đến').fill(journey.arrivedAt);
  await page.getByLabel('Hạn xử lý').fill(journey.deadline);
  await page.getByRole('button', { name: 'Vào sổ', exact: true }).click();
  await page.waitForURL(/\/van-ban-den\/\d+$/);
  journey.id = Number(page.url().split('/').pop());
  const registered = page.getByRole('status').filter({ hasText: 'Đã vào sổ văn bản đến số' });
  await registered.waitFor();
  journey.registerNumber = Number(/số (\d+)/.exec(await registered.textContent())[1]);
  const [day, time] = journey.arrivedAt.split('T');
  await page.locator('.kv', { hasText: 'Ngày đến' }).getByText(`${ddmmyyyy(day)} ${time}`).waitFor();
  await page.locator('.kv', { hasText: 'Số, ký hiệu' }).getByText(journey.numberSymbol).waitFor();
  await page.getByRole('button', { name: 'Trình lãnh đạo', exact: true }).click();
  const presenting = page.getByRole('dialog', { name: 'Trình lãnh đạo' });
  await presenting.getByLabel('Lãnh đạo').selectOption({ label: 'Nguyễn Văn An — Chủ tịch' });
  await presenting.getByLabel('Ghi chú khi trình').fill(journey.presentNote);
  await shot(page, '24-trinh-lanh-dao');
  await presenting.getByRole('button', { name: 'Trình lãnh đạo', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Đã trình lãnh đạo' }).waitFor();
  await page.locator('.badge', { hasText: 'Chờ lãnh đạo cho ý kiến: Nguyễn Văn An' }).waitFor();
  await logout(page);

  // lãnh đạo: finds it under "Chờ cho ý kiến" and in his bell, writes his direction and assigns three units
  page = await login('lanhdao');
  await nav(page, 'Văn bản đến');
  await page.getByRole('tab', { name: /^Chờ cho ý kiến/ }).click();
  await page.getByRole('table', { name: 'Danh sách văn bản đến' }).getByRole('link', { name: title }).waitFor();
  const presented = await bellShows(page, 'Văn bản trình chờ bạn cho ý kiến chỉ đạo', title);
  check((await presented.textContent()).includes(journey.presentNote), 'thông báo trình không kèm ghi chú của văn thư');
  await openFromBell(page, 'Văn bản trình chờ bạn cho ý kiến chỉ đạo', title, journey.id);
  await page.getByRole('button', { name: 'Cho ý kiến chỉ đạo', exact: true }).click();
  const directing = page.getByRole('dialog', { name: 'Cho ý kiến chỉ đạo và phân công' });
  await directing.getByLabel('Ý kiến chỉ đạo', { exact: true }).fill(journey.direction);
  const row = (n) => directing.getByRole('group', { name: `Phân công ${n}` });
  await row(1).getByLabel('Người hoặc đơn vị').selectOption({ label: 'Phòng Nội vụ' });
  await directing.getByRole('button', { name: 'Thêm người/đơn vị' }).click();
  check((await row(2).getByLabel('Vai trò').inputValue()) === 'phoi_hop', 'dòng phân công thêm vào không mặc định là phối hợp');
  await row(2).getByLabel('Người hoặc đơn vị').selectOption({ label: 'Phòng Tài chính' });
  await directing.getByRole('button', { name: 'Thêm người/đơn vị' }).click();
  await row(3).getByLabel('Vai trò').selectOption({ label: 'Nhận để biết' });
  await row(3).getByLabel('Người hoặc đơn vị').selectOption({ label: 'Văn phòng' });
  check((await row(3).getByLabel('Hạn xử lý').count()) === 0, 'nhận để biết vẫn có ô hạn xử lý');
  await shot(page, '25-cho-y-kien-chi-dao');
  await directing.getByRole('button', { name: 'Cho ý kiến và phân công' }).click();
  await page.getByRole('status').filter({ hasText: 'Đã cho ý kiến chỉ đạo và phân công.' }).waitFor();
  await page.getByRole('region', { name: 'Ý kiến chỉ đạo' }).getByText(journey.direction).waitFor();
  for (const [role, unit] of [['Xử lý chính', 'Phòng Nội vụ'], ['Phối hợp', 'Phòng Tài chính'], ['Nhận để biết', 'Văn phòng']]) {
    await assignmentRow(page, role, unit).waitFor();
  }
  await logout(page);

  // trưởng phòng Nội vụ: told his unit handles it; passes it to his specialist
  page = await login('truongphong');
  const assigned = await bellShows(page, 'Văn bản được giao xử lý', title);
  check((await assigned.textContent()).includes(journey.direction), 'thông báo giao xử lý không kèm ý kiến chỉ đạo');
  await openFromBell(page, 'Văn bản được giao xử lý', title, journey.id);
  check((await page.getByRole('button', { name: 'Hoàn thành', exact: true }).count()) === 1, 'trưởng phòng xử lý chính không thấy nút Hoàn thành');
  await page.getByRole('button', { name: 'Chuyển xử lý', exact: true }).click();
  const forwarding = page.getByRole('dialog', { name: 'Chuyển xử lý' });
  await forwarding.getByLabel('Người xử lý').selectOption({ label: 'Trần Văn Bình — Chuyên viên' });
  await forwarding.getByLabel('Ý kiến khi chuyển').fill(journey.forwardNote);
  await forwarding.getByRole('button', { name: 'Chuyển xử lý', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Đã chuyển xử lý.' }).waitFor();
  await assignmentRow(page, 'Xử lý chính', 'Trần Văn Bình').waitFor();
  await assignmentRow(page, 'Phòng Nội vụ', 'Đã chuyển tiếp').waitFor();
  await logout(page);

  // chuyên viên: told it was passed to her; asks for more time
  page = await login('chuyenvien');
  const forwarded = await bellShows(page, 'Văn bản được chuyển đến bạn', title);
  check((await forwarded.textContent()).includes(journey.forwardNote), 'thông báo chuyển xử lý không kèm ý kiến khi chuyển');
  await openFromBell(page, 'Văn bản được chuyển đến bạn', title, journey.id);
  await hasDeadline(page, journey.deadline);
  await page.getByRole('button', { name: 'Xin gia hạn', exact: true }).click();
  const asking = page.getByRole('dialog', { name: 'Xin gia hạn xử lý' });
  await asking.getByLabel('Hạn mới đề nghị').fill(journey.extendedTo);
  await asking.getByLabel('Lý do').fill(journey.extensionReason);
  await asking.getByRole('button', { name: 'Gửi đề nghị' }).click();
  await page.getByRole('status').filter({ hasText: 'Đã gửi đề nghị gia hạn.' }).waitFor();
  await extensionRow(page).getByText('Chờ quyết định').waitFor();
  check((await extensionRow(page).getByRole('button').count()) === 0, 'người xin gia hạn tự quyết định được đề nghị của mình');
  await logout(page);

  // trưởng phòng: the request waits for him; he grants it and the deadline moves
  page = await login('truongphong');
  await openFromBell(page, 'Đề nghị gia hạn xử lý chờ bạn quyết định', title, journey.id);
  await hasDeadline(page, journey.deadline);
  await extensionRow(page).getByRole('button', { name: 'Đồng ý', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Đã đồng ý gia hạn.' }).waitFor();
  await extensionRow(page).getByText('Đã đồng ý').waitFor();
  await hasDeadline(page, journey.extendedTo);
  await shot(page, '26-dong-y-gia-han');
  await logout(page);

  // chuyên viên: told it was granted; completes it with the result, after a confirmation
  page = await login('chuyenvien');
  await openFromBell(page, 'Đề nghị gia hạn đã được chấp nhận', title, journey.id);
  await hasDeadline(page, journey.extendedTo);
  await page.getByRole('button', { name: 'Hoàn thành', exact: true }).click();
  const completing = page.getByRole('dialog', { name: 'Hoàn thành xử lý' });
  await completing.getByLabel('Kết quả xử lý').fill(journey.result);
  await completing.getByRole('button', { name: 'Xác nhận hoàn thành' }).click();
  await page.getByRole('status').filter({ hasText: 'Đã hoàn thành xử lý' }).waitFor();
  await expectStatus(page, 'Đã hoàn thành');
  await logout(page);

  // văn thư: one more completed on the dashboard, the entry in the chosen sổ, the phiếu xử lý as PDF
  page = await login('vanthu');
  const completedAfter = await completedCount(page);
  check(completedAfter === completedBefore + 1, `thẻ "Đã hoàn thành" đếm ${completedAfter}, trước đó ${completedBefore}`);
  const register = page.getByRole('list', { name: 'Sổ đăng ký văn bản' }).getByRole('listitem').filter({ hasText: REGISTER });
  await register.getByText(`(${journey.registerNumber} văn bản)`).waitFor();
  const [registerPdf] = await Promise.all([
    page.waitForEvent('download', { timeout: 120_000 }),
    register.getByRole('link', { name: `Tải ${REGISTER} dạng PDF` }).click(),
  ]);
  journey.registerPdf = resolve(dirname(STATE_FILE), 'so-van-ban-den.pdf');
  await registerPdf.saveAs(journey.registerPdf);
  check(readFileSync(journey.registerPdf).subarray(0, 5).toString() === '%PDF-', 'sổ văn bản đến tải về không phải PDF');
  await openFromBell(page, 'Văn bản đã hoàn thành xử lý', title, journey.id);
  await expectStatus(page, 'Đã hoàn thành');
  const [slip] = await Promise.all([
    page.waitForEvent('download', { timeout: 120_000 }),
    page.getByRole('link', { name: 'In phiếu xử lý' }).click(),
  ]);
  const slipName = `Phiếu xử lý văn bản đến số ${String(journey.registerNumber).padStart(2, '0')}.pdf`;
  check(slip.suggestedFilename() === slipName, `phiếu xử lý tải về tên "${slip.suggestedFilename()}", cần "${slipName}"`);
  check(readFileSync(await slip.path()).subarray(0, 5).toString() === '%PDF-', 'phiếu xử lý tải về không phải PDF');
  await shot(page, '27-van-ban-den-da-hoan-thanh');
  await logout(page);
  const outgoing = { id: state.outgoingId, numberSymbol: state.outgoingNumber, issued: state.outgoingIssued, partner: state.partnerCode };
  writeFileSync(STATE_FILE, JSON.stringify({ ...journey, register: REGISTER, outgoing }, null, 2));
});

let passed = 0;
let failed = 0;
const started = Date.now();
for (const { name, fn } of steps) {
  const t0 = Date.now();
  try {
    await fn();
    if (consoleErrors.length) throw new Error(`lỗi trên console trình duyệt:\n  ${consoleErrors.join('\n  ')}`);
    passed += 1;
    console.log(`ok   ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  } catch (error) {
    failed += 1;
    console.log(`FAIL ${name}\n     ${String(error?.stack ?? error).split('\n').slice(0, 6).join('\n     ')}`);
    const alerts = lastPage && !lastPage.isClosed() ? await lastPage.getByRole('alert').allTextContents().catch(() => []) : [];
    if (alerts.length) console.log(`     trang ${lastPage.url()} báo: ${alerts.join(' | ')}`);
    if (consoleErrors.length) console.log(`     lỗi trên console trình duyệt:\n       ${consoleErrors.join('\n       ')}`);
    break; // later steps build on this one
  }
}
await browser.close();
const skipped = steps.length - passed - failed;
console.log(`e2e: ${passed} passed, ${failed} failed, ${skipped} skipped in ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(failed ? 1 : 0);
