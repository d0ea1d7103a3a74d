import { AsyncLocalStorage } from 'node:async_hooks';
import {
  type DatabaseConnection,
  type Driver,
  Kysely,
  type KyselyConfig,
  type TransactionBuilder,
  type TransactionSettings,
} from 'kysely';
import { AppError } from '../platform/errors.ts';

/**
 * A transaction's callback must send every statement through its transaction. A statement
 * sent through the root database instead asks for a second connection while the first is
 * held: on PGlite, which has one, that waits for itself forever and every other request
 * queues behind it; on PostgreSQL it works until the pool runs dry under load, and then
 * deadlocks the same way. The guard makes that mistake fail at once, on both databases:
 * GuardedKysely marks the async context of a transaction's callback, and the driver refuses
 * a connection to a caller inside an open one.
 */
const openTransaction = new AsyncLocalStorage<{ open: boolean }>();

export class NestedConnectionError extends Error {
  constructor() {
    super(
      'a statement was sent through the root database inside a transaction (it would wait for the connection the transaction holds); pass the transaction instead',
    );
    this.name = 'NestedConnectionError';
  }
}

function guarded<DB>(builder: TransactionBuilder<DB>): TransactionBuilder<DB> {
  return new Proxy(builder, {
    get(target, property, receiver) {
      if (property === 'execute')
        return async <T>(callback: Parameters<TransactionBuilder<DB>['execute']>[0]): Promise<T> => {
          const state = { open: true };
          try {
            return (await target.execute((trx) => openTransaction.run(state, () => callback(trx)))) as T;
          } finally {
            // Work the callback started and left running may use the database once it is over.
            state.open = false;
          }
        };
      const value = Reflect.get(target, property, receiver);
      // setIsolationLevel and the like return a new builder, which must stay guarded.
      if (typeof value === 'function')
        return (...args: unknown[]) => {
          const result = value.apply(target, args);
          return result && typeof result === 'object' && 'execute' in result ? guarded(result) : result;
        };
      return value;
    },
  });
}

export class GuardedKysely<DB> extends Kysely<DB> {
  override transaction(): TransactionBuilder<DB> {
    return guarded(super.transaction());
  }
}

export function guardedKysely<DB>(config: KyselyConfig): Kysely<DB> {
  return new GuardedKysely<DB>(config);
}

/** Throws if the caller is inside an open transaction's callback (see above). */
export function assertNotInTransaction() {
  if (openTransaction.getStore()?.open) throw new NestedConnectionError();
}

/**
 * A driver that refuses a connection to a caller inside an open transaction, and turns a
 * wait for a connection past `waitMs` into 503: a request is refused rather than queued
 * behind work it cannot see the end of.
 */
export class GuardedDriver implements Driver {
  constructor(
    private readonly inner: Driver,
    private readonly isWaitTimeout: (error: unknown) => boolean,
  ) {
    if (inner.savepoint) this.savepoint = inner.savepoint.bind(inner);
    if (inner.rollbackToSavepoint) this.rollbackToSavepoint = inner.rollbackToSavepoint.bind(inner);
    if (inner.releaseSavepoint) this.releaseSavepoint = inner.releaseSavepoint.bind(inner);
  }

  init() {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    assertNotInTransaction();
    try {
      return await this.inner.acquireConnection();
    } catch (error) {
      if (this.isWaitTimeout(error)) throw new AppError('unavailable', { reason: 'database busy' });
      throw error;
    }
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
    return this.inner.beginTransaction(connection, settings);
  }

  commitTransaction(connection: DatabaseConnection) {
    return this.inner.commitTransaction(connection);
  }

  rollbackTransaction(connection: DatabaseConnection) {
    return this.inner.rollbackTransaction(connection);
  }

  savepoint?: Driver['savepoint'];
  rollbackToSavepoint?: Driver['rollbackToSavepoint'];
  releaseSavepoint?: Driver['releaseSavepoint'];

  releaseConnection(connection: DatabaseConnection) {
    return this.inner.releaseConnection(connection);
  }

  destroy() {
    return this.inner.destroy();
  }
}
