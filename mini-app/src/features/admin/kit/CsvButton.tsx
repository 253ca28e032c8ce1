// An export for the back-office lists that are cards rather than a <DataTable>: the same CSV the tables write.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFail } from '../../../kit/ui.tsx';
import { downloadCsv, toCsv } from './csv.ts';

export interface CsvColumn<T> {
  header: string;
  value: (row: T) => string;
}

export function CsvButton<T>({ name, columns, rows, testId }: { name: string; columns: CsvColumn<T>[]; rows: () => T[] | Promise<T[]>; testId: string }) {
  const { t } = useTranslation('admin');
  const fail = useFail();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      const all = await rows();
      downloadCsv(name, toCsv(columns.map((c) => c.header), all.map((r) => columns.map((c) => c.value(r)))));
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <button className="btn btn-secondary btn-small" onClick={() => void run()} disabled={busy} data-testid={testId}>
      {busy ? <span className="spinner" /> : t('table.csv')}
    </button>
  );
}
