import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261207175105 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "ecpay_einvoice_setting" add column if not exists "edit_correction" text check ("edit_correction" in ('allowance', 'reissue')) not null default 'allowance';`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "ecpay_einvoice_setting" drop column if exists "edit_correction";`);
  }

}
