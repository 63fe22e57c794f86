import { Link } from 'react-router-dom';

export function NotFound() {
  return (
    <section>
      <h1>Không tìm thấy trang</h1>
      <p>
        Đường dẫn này không tồn tại. <Link to="/">Về trang tổng quan</Link>
      </p>
    </section>
  );
}
