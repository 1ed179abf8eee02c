// Title row at the top of every page inside the shell; pages below a round pass `round` and get the
// breadcrumb 首页 / 评审工作 / <round name> / <page>.
import { Link } from '@remix-run/react';
import Breadcrumb from '#antd/breadcrumb';
import Flex from '#antd/flex';
import Typography from '#antd/typography';
import type { ReactNode } from 'react';

type Props = {
  title: ReactNode;
  subTitle?: ReactNode;
  extra?: ReactNode;
  /** The round this page belongs to, and the page's own name in the breadcrumb (none: the round page). */
  round?: { id: string; name: string; page?: string };
};

function RoundBreadcrumb({ round }: { round: NonNullable<Props['round']> }) {
  const items = [
    { title: <Link to="/">首页</Link> },
    { title: <Link to="/rounds">评审工作</Link> },
    { title: round.page ? <Link to={`/rounds/${round.id}`}>{round.name}</Link> : round.name },
    ...(round.page ? [{ title: round.page }] : []),
  ];
  return <Breadcrumb items={items} style={{ marginBottom: 8 }} data-testid="breadcrumb" />;
}

export function PageHeader({ title, subTitle, extra, round }: Props) {
  return (
    <>
      {round ? <RoundBreadcrumb round={round} /> : null}
      <Flex justify="space-between" align="center" gap={16} wrap style={{ marginBottom: 16 }}>
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {title}
          </Typography.Title>
          {subTitle ? <Typography.Text type="secondary">{subTitle}</Typography.Text> : null}
        </div>
        {extra ? <Flex gap={8}>{extra}</Flex> : null}
      </Flex>
    </>
  );
}
