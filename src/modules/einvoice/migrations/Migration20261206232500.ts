import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/**
 * The store-wide ECPay pause: after ECPay answers HTTP 403, no process calls ECPay before this moment
 * (moved only later, by one UPDATE; read before every call).
 */
export class Migration20261206232500 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "ecpay_einvoice_setting" add column if not exists "ecpay_paused_until" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "ecpay_einvoice_setting" drop column if exists "ecpay_paused_until";`);
  }

}
