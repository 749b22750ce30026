import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261207171225 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "ecpay_einvoice_setting" add column if not exists "auto_allowance_on_return" boolean not null default false, add column if not exists "auto_allowance_on_edit" boolean not null default false;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "ecpay_einvoice_setting" drop column if exists "auto_allowance_on_return", drop column if exists "auto_allowance_on_edit";`);
  }

}
