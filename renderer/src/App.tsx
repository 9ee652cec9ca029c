import { useEffect } from 'react';
import { OrdersTable } from './components/OrdersTable';
import { SyncStatus } from './components/SyncStatus';
import { useAppStore } from './store';

export function App() {
  const { info, account, sync, orders, error, start, refresh } = useAppStore();
  useEffect(() => start(), [start]);

  return (
    <main>
      <header>
        <h1>Unpaid Orders</h1>
        {account && <span className="account">{account.name}</span>}
        {info?.demoMode && <span className="badge demo">Demo mode</span>}
        <SyncStatus sync={sync} onRefresh={() => void refresh()} />
      </header>
      {info?.cacheNotice && (
        <p role="alert" className="notice">
          The local order cache could not be used ({info.cacheNotice.reason === 'corrupt' ? 'it was damaged' : 'it was written by a newer Settle'}) and
          was rebuilt from the billing service. The old file was kept at {info.cacheNotice.movedTo}.
        </p>
      )}
      {sync && !sync.online && <p className="banner offline">Offline — showing cached orders.</p>}
      {error && <p role="alert" className="error">{error}</p>}
      {orders ? <OrdersTable page={orders} /> : <p className="loading">Loading orders…</p>}
    </main>
  );
}
