/** Names for the ids in documents (assignees, authors, deciders), loaded once per screen. */
import { api, type Schemas } from '../api/client';
import { unwrap } from '../api/errors';
import { useLoad } from './useLoad';

export interface Directory {
  user: (id: number | null | undefined) => string;
  department: (id: number | null | undefined) => string;
  users: Schemas['UserOut'][];
  departments: Schemas['DepartmentOut'][];
}

export function makeDirectory(users: Schemas['UserOut'][], departments: Schemas['DepartmentOut'][]): Directory {
  const byUser = new Map(users.map((u) => [u.id, u.full_name]));
  const byDepartment = new Map(departments.map((d) => [d.id, d.name]));
  return {
    user: (id) => (id == null ? '' : (byUser.get(id) ?? `Người dùng #${id}`)),
    department: (id) => (id == null ? '' : (byDepartment.get(id) ?? `Đơn vị #${id}`)),
    users,
    departments,
  };
}

export function useDirectory() {
  return useLoad(async () => {
    const [users, departments] = await Promise.all([
      api.GET('/api/v1/users', { params: { query: { limit: 1000 } } }),
      api.GET('/api/v1/departments'),
    ]);
    return makeDirectory(unwrap(users), unwrap(departments));
  }, []);
}
