import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/** Counters of the online checks sent to ECPay, per client, cart and store, shared by every process. */
export class Migration20261207070000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "ecpay_einvoice_check_window" ("id" text not null, "calls" integer not null default 0, "window_ends_at" timestamptz not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "ecpay_einvoice_check_window_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_ecpay_einvoice_check_window_ends" ON "ecpay_einvoice_check_window" ("window_ends_at") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "ecpay_einvoice_check_window" cascade;`);
  }

}
