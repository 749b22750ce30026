import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261207183327 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_ecpay_einvoice_created_at" ON "ecpay_einvoice" ("created_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_ecpay_einvoice_invoice_date" ON "ecpay_einvoice" ("invoice_date") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_ecpay_einvoice_sync_never" ON "ecpay_einvoice" ("issued_at") WHERE status = 'issued' AND synced_at IS NULL AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_ecpay_einvoice_sync_stale" ON "ecpay_einvoice" ("synced_at") WHERE status = 'issued' AND deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "IDX_ecpay_einvoice_created_at";`);
    this.addSql(`drop index if exists "IDX_ecpay_einvoice_invoice_date";`);
    this.addSql(`drop index if exists "IDX_ecpay_einvoice_sync_never";`);
    this.addSql(`drop index if exists "IDX_ecpay_einvoice_sync_stale";`);
  }

}
