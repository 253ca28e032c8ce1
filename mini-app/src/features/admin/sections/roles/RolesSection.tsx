import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Button, Card, ErrorBox, Field, Skeleton, useFail, useOk } from '../../../../kit/ui.tsx';
import { useTRPC } from '../../../../lib/trpc.ts';
import { CsvButton } from '../../kit/CsvButton.tsx';

const ROLES = ['OWNER', 'ADMIN', 'FINANCE', 'MODERATOR'] as const;
type AdminRole = (typeof ROLES)[number];

/** The team and its roles, for owners: give someone a role by Telegram id, change it, take it away (audited). */
export function Roles() {
  const { t } = useTranslation('admin');
  const trpc = useTRPC();
  const qc = useQueryClient();
  const ok = useOk();
  const fail = useFail();
  const team = useQuery(trpc.admin.roles.list.queryOptions());
  const set = useMutation(
    trpc.admin.roles.set.mutationOptions({
      onSuccess: () => (ok(t('roleSaved')), void qc.invalidateQueries()),
      onError: fail,
    }),
  );
  const [telegramId, setTelegramId] = useState('');
  const [role, setRole] = useState<AdminRole>('MODERATOR');
  const give = () => set.mutate({ telegramId: telegramId.trim(), role }, { onSuccess: () => setTelegramId('') });
  return (
    <>
      <p className="hint small" style={{ margin: '0 0 10px' }}>{t('rolesHint')}</p>
      <Card>
        <div className="row" style={{ flexWrap: 'wrap', alignItems: 'flex-end' }}>
          <div className="grow">
            <Field label={t('roleTelegramId')}>
              <input value={telegramId} inputMode="numeric" onChange={(e) => setTelegramId(e.target.value)} data-testid="role-telegram-id" />
            </Field>
          </div>
          <Field label={t('roleLabel')}>
            <select value={role} onChange={(e) => setRole(e.target.value as AdminRole)} data-testid="role-pick">
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`crm.role.${r}`)}
                </option>
              ))}
            </select>
          </Field>
          <Button onClick={give} disabled={!/^\d{1,19}$/.test(telegramId.trim())} busy={set.isPending} testId="role-give">
            {t('roleGive')}
          </Button>
        </div>
      </Card>
      {team.data && team.data.length > 0 && (
        <div className="row" style={{ justifyContent: 'flex-end', marginBottom: 8 }}>
          <CsvButton
            name="team"
            testId="team-csv"
            rows={() => team.data}
            columns={[
              { header: t('teamCol.name'), value: (p) => p.name },
              { header: t('teamCol.username'), value: (p) => (p.username ? `@${p.username}` : '') },
              { header: t('roleTelegramId'), value: (p) => p.telegramId },
              { header: t('roleLabel'), value: (p) => p.role },
              { header: t('teamCol.fixed'), value: (p) => (p.fixed ? 'yes' : '') },
            ]}
          />
        </div>
      )}
      {team.isPending && <Skeleton lines={4} />}
      {team.isError && <ErrorBox error={team.error} onRetry={() => team.refetch()} />}
      {team.data?.map((p) => (
        <Card key={p.telegramId} testId={`team-${p.telegramId}`}>
          <div className="row" style={{ flexWrap: 'wrap' }}>
            <div className="grow">
              <div className="strong">{p.name}{p.username ? ` · @${p.username}` : ''}</div>
              <div className="hint small mono">{p.telegramId}{p.fixed ? ` · ${t('roleFixed')}` : ''}</div>
            </div>
            <select
              value={p.role}
              disabled={p.fixed || set.isPending}
              onChange={(e) => set.mutate({ telegramId: p.telegramId, role: e.target.value as AdminRole })}
              style={{ width: 'auto' }}
              data-testid={`team-role-${p.telegramId}`}
            >
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`crm.role.${r}`)}
                </option>
              ))}
            </select>
            {!p.fixed && (
              <Button variant="danger" small onClick={() => set.mutate({ telegramId: p.telegramId, role: null })} testId={`team-remove-${p.telegramId}`}>
                {t('roleRemove')}
              </Button>
            )}
          </div>
        </Card>
      ))}
    </>
  );
}
