import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/**
 * Allowances carry an idempotency key (unique) and the time their request left for ECPay; at most one
 * allowance of an invoice may be pending (in flight or of unknown outcome) at a time.
 */
export class Migration20261206231000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "ecpay_einvoice_allowance" add column if not exists "idempotency_key" text null;`);
    this.addSql(`alter table if exists "ecpay_einvoice_allowance" add column if not exists "submitted_at" timestamptz null;`);
    // Existing allowances: a key of their own; any of them may have reached ECPay.
    this.addSql(`update "ecpay_einvoice_allowance" set "idempotency_key" = 'allowance:' || "id" where "idempotency_key" is null;`);
    this.addSql(`update "ecpay_einvoice_allowance" set "submitted_at" = "created_at" where "submitted_at" is null;`);
    this.addSql(`alter table if exists "ecpay_einvoice_allowance" alter column "idempotency_key" set not null;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_ecpay_einvoice_allowance_idempotency_key" ON "ecpay_einvoice_allowance" ("idempotency_key") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_ecpay_einvoice_allowance_one_pending" ON "ecpay_einvoice_allowance" ("einvoice_id") WHERE status = 'pending' AND deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "IDX_ecpay_einvoice_allowance_one_pending";`);
    this.addSql(`drop index if exists "IDX_ecpay_einvoice_allowance_idempotency_key";`);
    this.addSql(`alter table if exists "ecpay_einvoice_allowance" drop column if exists "submitted_at";`);
    this.addSql(`alter table if exists "ecpay_einvoice_allowance" drop column if exists "idempotency_key";`);
  }

}
