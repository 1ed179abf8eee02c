// A confirm dialog that asks for a reason and posts one action of the results page through a
// fetcher (退回修改, 解锁, 缺席 / 取消缺席). The server's answer is shown as it comes: its Chinese
// error, or its message once done (then the dialog closes).
import { useFetcher } from '@remix-run/react';
import { Alert, Button, Input, Modal, Typography } from 'antd';
import { useEffect, useRef, useState, type ReactNode } from 'react';

export type ActionReply =
  { ok: true; message: string } | { ok?: undefined; error: string; fieldErrors?: Record<string, string> };

type Props = {
  /** Label of the button that opens the dialog. */
  trigger: ReactNode;
  title: string;
  /** What happens, in one sentence (shown above the reason). */
  description: ReactNode;
  reasonLabel: string;
  okText: string;
  danger?: boolean;
  fields: Record<string, string>;
  onDone?: (message: string) => void;
  testId?: string;
};

export function ReasonDialog({
  trigger,
  title,
  description,
  reasonLabel,
  okText,
  danger,
  fields,
  onDone,
  testId,
}: Props) {
  const fetcher = useFetcher<ActionReply>();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const reply = fetcher.data;
  const busy = fetcher.state !== 'idle';
  const done = useRef(onDone);
  done.current = onDone;

  // The reply arrives before the page's revalidation ends, and that revalidation often removes this
  // button (the sheet is no longer submitted, the item is locked): react to the reply itself.
  useEffect(() => {
    if (reply?.ok) {
      setOpen(false);
      setReason('');
      done.current?.(reply.message);
    }
  }, [reply]);

  const submit = () => fetcher.submit({ ...fields, reason }, { method: 'post' });
  const error = reply && !reply.ok ? (reply.fieldErrors?.reason ?? reply.error) : null;

  return (
    <>
      <Button size="small" danger={danger} onClick={() => setOpen(true)} data-testid={testId}>
        {trigger}
      </Button>
      <Modal
        open={open}
        title={title}
        okText={okText}
        cancelText="取消"
        okButtonProps={{ danger, loading: busy, ...(testId ? { 'data-testid': `${testId}-ok` } : {}) }}
        onOk={submit}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Typography.Paragraph>{description}</Typography.Paragraph>
        <Input.TextArea
          aria-label={reasonLabel}
          placeholder={reasonLabel}
          value={reason}
          maxLength={500}
          autoSize={{ minRows: 2, maxRows: 6 }}
          onChange={(e) => setReason(e.target.value)}
        />
        {error ? (
          <Alert type="error" showIcon message={error} style={{ marginTop: 12 }} role="alert" />
        ) : null}
      </Modal>
    </>
  );
}
