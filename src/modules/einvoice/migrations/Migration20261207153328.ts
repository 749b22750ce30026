import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/** The TWD rates at which orders in other currencies are invoiced. */
export class Migration20261207153328 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "ecpay_einvoice_setting" add column if not exists "currency_rates" jsonb null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "ecpay_einvoice_setting" drop column if exists "currency_rates";`);
  }

}
