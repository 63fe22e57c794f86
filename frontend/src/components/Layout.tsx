/** The frame around every signed-in screen: agency, user, navigation by role, sign-out. */
import { useState, type ReactNode } from 'react';
import { NavLink, useNavigate } from 'react-router-dom';
import { useAuth } from '../auth';
import { ROLES } from '../lib/labels';
import { NotificationBell } from './NotificationBell';

export function Layout({ children }: { children: ReactNode }) {
  const { me, logout, hasRole } = useAuth();
  const navigate = useNavigate();
  const [menuOpen, setMenuOpen] = useState(false);
  if (!me) return null;
  const links: { to: string; label: string; show: boolean }[] = [
    { to: '/', label: 'Tổng quan', show: true },
    { to: '/van-ban-den', label: 'Văn bản đến', show: true },
    { to: '/van-ban-di', label: 'Văn bản đi', show: true },
    { to: '/tim-kiem', label: 'Tìm kiếm', show: true },
    { to: '/lien-thong', label: 'Liên thông', show: hasRole('van_thu', 'admin', 'lanh_dao_don_vi') },
    { to: '/quan-tri', label: 'Quản trị', show: hasRole('admin') },
    { to: '/tai-khoan', label: 'Tài khoản', show: true },
  ];
  return (
    <div className="shell">
      <a className="skip" href="#noi-dung">
        Bỏ qua điều hướng
      </a>
      <header className="topbar">
        <div className="brand">
          <strong>eOffice</strong>
          <span>{me.agency.name}</span>
        </div>
        <button
          type="button"
          className="menu-toggle"
          aria-expanded={menuOpen}
          aria-controls="dieu-huong"
          onClick={() => setMenuOpen((v) => !v)}
        >
          Menu
        </button>
        <div className="who">
          <NotificationBell />
          <NavLink to="/tai-khoan" data-testid="current-user" title="Tài khoản: đổi mật khẩu, mã PIN ký số">
            {me.full_name} · {me.roles.map((r) => ROLES[r]).join(', ')}
          </NavLink>
          <button
            type="button"
            onClick={async () => {
              await logout();
              navigate('/dang-nhap');
            }}
          >
            Đăng xuất
          </button>
        </div>
      </header>
      <div className="body">
        <nav id="dieu-huong" className={menuOpen ? 'nav open' : 'nav'} aria-label="Điều hướng chính">
          <ul>
            {links
              .filter((l) => l.show)
              .map((l) => (
                <li key={l.to}>
                  <NavLink to={l.to} end={l.to === '/'} onClick={() => setMenuOpen(false)}>
                    {l.label}
                  </NavLink>
                </li>
              ))}
          </ul>
        </nav>
        <main id="noi-dung" tabIndex={-1}>
          {children}
        </main>
      </div>
    </div>
  );
}
