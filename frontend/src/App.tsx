/** Routes. Paths are Vietnamese slugs so a link pasted in a chat reads as what it is. */
import type { ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { useAuth } from './auth';
import { Layout } from './components/Layout';
import { Loading } from './components/ui';
import { Account } from './pages/Account';
import { Admin } from './pages/admin/Admin';
import { Dashboard } from './pages/Dashboard';
import { Exchange } from './pages/Exchange';
import { IncomingDetailPage } from './pages/incoming/IncomingDetail';
import { IncomingList } from './pages/incoming/IncomingList';
import { IncomingRegister } from './pages/incoming/IncomingRegister';
import { Login } from './pages/Login';
import { NotFound } from './pages/NotFound';
import { DraftFromTemplate } from './pages/outgoing/DraftFromTemplate';
import { OutgoingCreate } from './pages/outgoing/OutgoingCreate';
import { OutgoingDetailPage } from './pages/outgoing/OutgoingDetail';
import { OutgoingList } from './pages/outgoing/OutgoingList';
import { OpenDocument, SearchPage } from './pages/Search';

function Private({ children }: { children: ReactNode }) {
  const { me, loading } = useAuth();
  const location = useLocation();
  if (loading) return <Loading what="phiên đăng nhập" />;
  if (!me) return <Navigate to="/dang-nhap" replace state={{ from: location.pathname + location.search }} />;
  return <Layout>{children}</Layout>;
}

export function App() {
  return (
    <Routes>
      <Route path="/dang-nhap" element={<Login />} />
      <Route path="/" element={<Private><Dashboard /></Private>} />
      <Route path="/van-ban-den" element={<Private><IncomingList /></Private>} />
      <Route path="/van-ban-den/vao-so" element={<Private><IncomingRegister /></Private>} />
      <Route path="/van-ban-den/:id" element={<Private><IncomingDetailPage /></Private>} />
      <Route path="/van-ban-di" element={<Private><OutgoingList /></Private>} />
      <Route path="/van-ban-di/soan-thao" element={<Private><OutgoingCreate /></Private>} />
      <Route path="/van-ban-di/soan-tu-mau" element={<Private><DraftFromTemplate /></Private>} />
      <Route path="/van-ban-di/:id" element={<Private><OutgoingDetailPage /></Private>} />
      <Route path="/van-ban/:id" element={<Private><OpenDocument /></Private>} />
      <Route path="/tim-kiem" element={<Private><SearchPage /></Private>} />
      <Route path="/lien-thong" element={<Private><Exchange /></Private>} />
      <Route path="/quan-tri" element={<Private><Admin /></Private>} />
      <Route path="/tai-khoan" element={<Private><Account /></Private>} />
      <Route path="*" element={<Private><NotFound /></Private>} />
    </Routes>
  );
}
