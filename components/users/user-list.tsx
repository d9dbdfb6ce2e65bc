"use client";
// Every console user, each leading to their page (role, password and removal for admins).
import { Empty, LoadError, Loading } from "@/components/ui/states.tsx";
import { Cell, Row, RowLink, Table } from "@/components/ui/table.tsx";
import { Time } from "@/components/ui/time.tsx";
import { useUsers } from "@/lib/swr/use-users.ts";

export function UserList({ currentUserId }: { currentUserId: string }) {
  const { data: users, error, isLoading, mutate } = useUsers();
  if (isLoading) return <Loading label="Loading users…" />;
  if (error) return <LoadError error={error} retry={() => mutate()} />;
  // The API always keeps an admin, so this shows only if the list itself went wrong.
  if (!users?.length) return <Empty title="No users" />;
  return (
    <Table columns={["Name", "Email", "Role", "Created"]} caption="Console users">
      {users.map((user) => (
        <Row key={user.id}>
          <Cell>
            <RowLink href={`/users/${user.id}`}>{user.name}</RowLink>
            {user.id === currentUserId && <span className="text-slate-600 dark:text-slate-400"> (you)</span>}
          </Cell>
          <Cell>{user.email}</Cell>
          <Cell>{user.role}</Cell>
          <Cell>
            <Time iso={user.createdAt} />
          </Cell>
        </Row>
      ))}
    </Table>
  );
}
