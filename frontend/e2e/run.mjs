// End-to-end suite: real Chromium (playwright-core, the system's browser) against a running eOffice server.
//
//   EOFFICE_E2E_BASE_URL   the server, e.g. http://127.0.0.1:8123
//   EOFFICE_E2E_PASSWORDS  JSON {username: password} of the demo users
//   EOFFICE_E2E_PINS       JSON {lanhdao: PIN, agency: PIN}: the demo signing PINs `eoffice demo` prints
//   EOFFICE_E2E_SCREENSHOTS where to save a screenshot of every main screen (default test-artifacts/screenshots)
//   CHROMIUM_PATH          default /usr/bin/chromium
//
// Any browser console error or uncaught page error fails the suite, except the HTTP errors a step expects
// (a wrong password answers 401, a document one may not read answers 404) inside `expectingHttpErrors`.
// Exits non-zero on the first failure, printing which step failed.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { makeDocx, makePdf } from './fixtures.mjs';

const BASE = process.env.EOFFICE_E2E_BASE_URL;
const PASSWORDS = JSON.parse(process.env.EOFFICE_E2E_PASSWORDS ?? '{}');
const PINS = JSON.parse(process.env.EOFFICE_E2E_PINS ?? '{}');
const SHOTS = resolve(process.env.EOFFICE_E2E_SCREENSHOTS ?? 'test-artifacts/screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!BASE || !PASSWORDS.vanthu || !PINS.lanhdao || !PINS.agency) {
  console.error('Cần EOFFICE_E2E_BASE_URL, EOFFICE_E2E_PASSWORDS và EOFFICE_E2E_PINS.');
  process.exit(2);
}
mkdirSync(SHOTS, { recursive: true });

const LAPTOP = { width: 1366, height: 850 };
const TABLET = { width: 820, height: 1180 };
const TIMEOUT = 20_000;

const consoleErrors = [];
let allowedHttpErrors = 0;

function agencyDay(offsetDays = 0) {
  const now = new Date(Date.now() + offsetDays * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(now); // YYYY-MM-DD
}
const ddmmyyyy = (iso) => iso.split('-').reverse().join('/');

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
const outgoingTitle = `Công văn về việc báo cáo công tác văn thư quý II (${suffix})`;
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
  await page.getByLabel('Mật khẩu (ít nhất 8 ký tự)').fill('tuphap-mat-khau-1');
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
  await nav(page, 'Văn bản đi');
  await page.getByRole('link', { name: 'Soạn dự thảo' }).click();
  await page.getByLabel('Bản dự thảo (DOCX hoặc PDF)').setInputFiles({
    name: 'du-thao-cong-van.pdf',
    mimeType: 'application/pdf',
    buffer: makePdf(['UBND TINH DEMO', 'CONG VAN', 'V/v bao cao cong tac van thu quy II', 'Kinh gui: Bo Noi vu']),
  });
  await page.getByLabel('Trích yếu').fill(outgoingTitle);
  await page.getByRole('button', { name: 'Lưu dự thảo' }).click();
  await page.waitForURL(/\/van-ban-di\/\d+$/);
  state.outgoingId = Number(page.url().split('/').pop());
  await page.getByRole('img', { name: /du-thao-cong-van\.pdf — trang 1/ }).waitFor();
  await page.getByLabel('Góp ý mới').fill('Bản dự thảo lần 1, kính trình lãnh đạo.');
  await page.getByRole('button', { name: 'Gửi góp ý' }).click();
  await page.locator('.comments').getByText('Bản dự thảo lần 1, kính trình lãnh đạo.').waitFor();
  await page.getByRole('button', { name: 'Trình duyệt' }).click();
  await expectStatus(page, 'Đang trình duyệt');
  await page.getByText('Đang chờ: Lê Thị Hoa').waitFor();
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
  await shot(page, '11-lanh-dao-cho-duyet');
  await page.getByRole('button', { name: 'Duyệt', exact: true }).click();
  await expectStatus(page, 'Đã duyệt, chờ ký');
  await nav(page, 'Văn bản đi');
  await page.getByRole('tab', { name: 'Chờ ký' }).click();
  await page.getByRole('checkbox', { name: `Chọn để ký: ${outgoingTitle}` }).check();
  await page.getByLabel('Mã PIN ký số', { exact: true }).fill(PINS.lanhdao);
  await page.getByRole('button', { name: 'Ký số 1 văn bản đã chọn' }).click();
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

step('văn thư cấp số, ký số cơ quan và phát hành', async () => {
  const page = await login('vanthu');
  await nav(page, 'Văn bản đi');
  await page.getByRole('tab', { name: 'Chờ cấp số' }).click();
  await page.getByRole('link', { name: outgoingTitle }).click();
  await page.getByLabel('Mã PIN ký số của cơ quan').fill(PINS.agency);
  await page.getByRole('button', { name: 'Cấp số và ký số cơ quan' }).click();
  await page.getByRole('status').filter({ hasText: 'Đã cấp số và ký số cơ quan' }).waitFor({ timeout: 60_000 });
  const number = await page.locator('.kv', { hasText: 'Số, ký hiệu' }).locator('dd').textContent();
  check(/^\d{2,}\/\S+/.test(number ?? ''), `số, ký hiệu không đúng dạng: "${number}"`);
  await page.getByText(`(${'ngày'} `).first().waitFor();
  await page.getByRole('group', { name: 'Nơi nhận trong cơ quan' }).getByLabel('Phòng Tài chính').check();
  await page.getByRole('button', { name: 'Phát hành', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Đã phát hành văn bản' }).waitFor();
  await expectStatus(page, 'Đã phát hành');
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
  await page.getByText('Văn bản không gửi liên thông tới cơ quan bên ngoài nào.').waitFor();
  await shot(page, '14-lien-thong');
  await logout(page);
});

step('chuyên viên soạn từ mẫu, kiểm tra thể thức và căn cứ, sửa tự động; xem chữ ký số', async () => {
  const page = await login('chuyenvien');
  const outdated = 'Căn cứ Nghị định số 110/2004/NĐ-CP ngày 08 tháng 4 năm 2004 của Chính phủ về công tác văn thư';
  // a draft from the decree's template: the căn cứ is checked against the legal corpus
  await nav(page, 'Văn bản đi');
  await page.getByRole('link', { name: 'Soạn từ mẫu' }).click();
  await page.getByLabel('Mẫu văn bản').selectOption({ label: 'Quyết định' });
  await page.getByLabel('Trích yếu').fill(`Về việc ban hành Quy chế công tác văn thư (${suffix})`);
  await page.getByLabel('Ngày ban hành (để trống đến khi cấp số)').fill('2024-02-05');
  await page.getByText('In trên văn bản: ngày 05 tháng 02 năm 2024').waitFor();
  await page.getByLabel('Căn cứ (mỗi dòng một căn cứ)').fill(outdated);
  await page.getByLabel('Nội dung (mỗi dòng một đoạn)').fill('Ban hành kèm theo Quyết định này Quy chế công tác văn thư.');
  await page.getByLabel('Chức vụ người ký').fill('Chủ tịch');
  await page.getByLabel('Họ và tên người ký').fill('Nguyễn Văn An');
  await page.getByLabel('Nơi nhận (mỗi dòng một nơi)').fill('Như Điều 3');
  await shot(page, '16-soan-tu-mau');
  await page.getByRole('button', { name: 'Tạo dự thảo' }).click();
  await page.waitForURL(/\/van-ban-di\/\d+$/);
  const created = page.getByRole('status').filter({ hasText: 'Đã tạo dự thảo từ mẫu Quyết định' });
  await created.waitFor();
  check((await created.textContent()).includes('ngày 05 tháng 02 năm 2024'), 'ngày trên dự thảo không viết theo kiểu Việt Nam');
  await page.getByRole('button', { name: 'Kiểm tra', exact: true }).click();
  await page.locator('.check-summary', { hasText: 'Phiên bản 1' }).waitFor();
  await page.getByRole('list', { name: 'Căn cứ pháp lý' }).locator('[data-code="legal.replaced"]').first().waitFor();

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
    break; // later steps build on this one
  }
}
await browser.close();
const skipped = steps.length - passed - failed;
console.log(`e2e: ${passed} passed, ${failed} failed, ${skipped} skipped in ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(failed ? 1 : 0);
