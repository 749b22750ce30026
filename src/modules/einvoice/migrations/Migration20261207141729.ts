import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/**
 * Who marked an invoice's paper proof printed, and when; and the soft-delete index every model table gets
 * (the check-window table was created without it).
 */
export class Migration20261207141729 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_ecpay_einvoice_check_window_deleted_at" ON "ecpay_einvoice_check_window" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`alter table if exists "ecpay_einvoice" add column if not exists "printed_at" timestamptz null, add column if not exists "printed_by" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "IDX_ecpay_einvoice_check_window_deleted_at";`);
    this.addSql(`alter table if exists "ecpay_einvoice" drop column if exists "printed_at", drop column if exists "printed_by";`);
  }

}
