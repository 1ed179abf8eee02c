// The sign-in accounts just issued to experts, with their one-time passwords: shown once, right after
// creation (the server keeps only the hash), so the agency can hand them over.
import Alert from '#antd/alert';
import Table from '#antd/table';
import Typography from '#antd/typography';

export type IssuedAccountRow = {
  expertId: string;
  expertName: string;
  username: string;
  password: string | null;
  created: boolean;
};

export function IssuedAccounts({ accounts }: { accounts: IssuedAccountRow[] }) {
  const created = accounts.filter((a) => a.created).length;
  return (
    <Alert
      type={created > 0 ? 'warning' : 'info'}
      showIcon
      message={
        created > 0
          ? `已创建${created}个登录账号。初始密码只显示这一次，请立即转交专家本人；专家首次登录须修改密码。`
          : '所选专家均已有登录账号，未创建新账号。'
      }
      description={
        <Table<IssuedAccountRow>
          rowKey="expertId"
          size="small"
          pagination={false}
          dataSource={accounts}
          columns={[
            { title: '专家', dataIndex: 'expertName' },
            {
              title: '用户名',
              dataIndex: 'username',
              render: (u: string) => <Typography.Text copyable>{u}</Typography.Text>,
            },
            {
              title: '初始密码',
              dataIndex: 'password',
              render: (p: string | null) =>
                p ? (
                  <Typography.Text code copyable>
                    {p}
                  </Typography.Text>
                ) : (
                  <Typography.Text type="secondary">已有账号</Typography.Text>
                ),
            },
          ]}
        />
      }
    />
  );
}
