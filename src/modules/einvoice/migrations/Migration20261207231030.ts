import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261207231030 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "ecpay_einvoice_setting" add column if not exists "retry_lease_owner" text null, add column if not exists "retry_lease_until" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "ecpay_einvoice_setting" drop column if exists "retry_lease_owner", drop column if exists "retry_lease_until";`);
  }

}
