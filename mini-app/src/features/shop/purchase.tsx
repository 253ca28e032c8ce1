import { Skeleton } from '../../kit/ui.tsx';
import { withTonConnect } from '../../kit/ton.tsx';

/** The payment sheet, loaded with TON Connect when a participant first taps Buy. */
export const PurchaseSheet = withTonConnect(
  () => import('./PurchaseSheet.tsx').then((m) => m.PurchaseSheet),
  <div className="sheet-backdrop">
    <div className="sheet">
      <Skeleton lines={3} />
    </div>
  </div>,
);
