import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261207173348 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "ecpay_einvoice" add column if not exists "kind" text check ("kind" in ('original', 'additional')) not null default 'original', add column if not exists "source_key" text null;`);
    // One valid original invoice per order; additional invoices (order changes) beside it.
    this.addSql(`drop index if exists "IDX_ecpay_einvoice_one_valid_per_order";`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_ecpay_einvoice_one_valid_per_order" ON "ecpay_einvoice" ("order_id") WHERE status != 'voided' AND kind = 'original' AND deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_ecpay_einvoice_source_key" ON "ecpay_einvoice" ("source_key") WHERE source_key IS NOT NULL AND deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "IDX_ecpay_einvoice_source_key";`);
    this.addSql(`drop index if exists "IDX_ecpay_einvoice_one_valid_per_order";`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_ecpay_einvoice_one_valid_per_order" ON "ecpay_einvoice" ("order_id") WHERE status != 'voided' AND deleted_at IS NULL;`);
    this.addSql(`alter table if exists "ecpay_einvoice" drop column if exists "kind", drop column if exists "source_key";`);
  }

}
