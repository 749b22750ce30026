import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261125195631 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "ecpay_einvoice" ("id" text not null, "order_id" text not null, "order_display_id" integer null, "status" text check ("status" in ('pending', 'issued', 'failed', 'skipped', 'voided')) not null default 'pending', "status_reason" text null, "relate_number" text not null, "invoice_number" text null, "random_number" text null, "invoice_date" timestamptz null, "currency_code" text not null default 'twd', "total" integer not null default 0, "tax_amount" integer null, "remaining_allowance_amount" integer null, "tax_type" text not null default '1', "type" text check ("type" in ('member', 'citizen_certificate', 'mobile_barcode', 'donation', 'company', 'paper', 'easycard', 'ipass')) not null default 'member', "buyer_name" text null, "buyer_email" text null, "buyer_phone" text null, "buyer_address" text null, "carrier_type" text null, "carrier_number" text null, "carrier_number2" text null, "donation" boolean not null default false, "love_code" text null, "company_tax_id" text null, "company_name" text null, "print" boolean not null default false, "items" jsonb null, "upload_status" text null, "award_status" text null, "attempts" integer not null default 0, "next_attempt_at" timestamptz null, "last_error_code" text null, "last_error_message" text null, "issued_at" timestamptz null, "voided_at" timestamptz null, "void_reason" text null, "synced_at" timestamptz null, "metadata" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "ecpay_einvoice_pkey" primary key ("id"));`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_ecpay_einvoice_relate_number" ON "ecpay_einvoice" ("relate_number") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_ecpay_einvoice_deleted_at" ON "ecpay_einvoice" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_ecpay_einvoice_one_valid_per_order" ON "ecpay_einvoice" ("order_id") WHERE status != 'voided' AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_ecpay_einvoice_order_id" ON "ecpay_einvoice" ("order_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_ecpay_einvoice_status" ON "ecpay_einvoice" ("status") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_ecpay_einvoice_invoice_number" ON "ecpay_einvoice" ("invoice_number") WHERE invoice_number IS NOT NULL AND deleted_at IS NULL;`);

    this.addSql(`create table if not exists "ecpay_einvoice_allowance" ("id" text not null, "einvoice_id" text not null, "status" text check ("status" in ('pending', 'awaiting_agreement', 'issued', 'rejected', 'failed', 'voided')) not null default 'pending', "agreement" text check ("agreement" in ('paper', 'online')) not null default 'paper', "allowance_number" text null, "amount" integer not null, "tax_amount" integer null, "items" jsonb null, "reason" text null, "notify_email" text null, "notify_phone" text null, "allowance_date" timestamptz null, "expires_at" timestamptz null, "remaining_after" integer null, "last_error_code" text null, "last_error_message" text null, "voided_at" timestamptz null, "void_reason" text null, "metadata" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "ecpay_einvoice_allowance_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_ecpay_einvoice_allowance_einvoice_id" ON "ecpay_einvoice_allowance" ("einvoice_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_ecpay_einvoice_allowance_deleted_at" ON "ecpay_einvoice_allowance" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_ecpay_einvoice_allowance_number" ON "ecpay_einvoice_allowance" ("allowance_number") WHERE allowance_number IS NOT NULL AND deleted_at IS NULL;`);

    this.addSql(`create table if not exists "ecpay_einvoice_event" ("id" text not null, "einvoice_id" text null, "order_id" text null, "allowance_id" text null, "action" text not null, "success" boolean not null default true, "actor_type" text not null default 'system', "actor_id" text null, "reason" text null, "rtn_code" text null, "rtn_msg" text null, "data" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "ecpay_einvoice_event_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_ecpay_einvoice_event_deleted_at" ON "ecpay_einvoice_event" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_ecpay_einvoice_event_einvoice_id" ON "ecpay_einvoice_event" ("einvoice_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_ecpay_einvoice_event_order_id" ON "ecpay_einvoice_event" ("order_id") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "ecpay_einvoice_preference" ("id" text not null, "scope" text check ("scope" in ('cart', 'order', 'customer')) not null, "cart_id" text null, "order_id" text null, "customer_id" text null, "type" text check ("type" in ('member', 'citizen_certificate', 'mobile_barcode', 'donation', 'company', 'paper', 'easycard', 'ipass')) not null, "carrier_number" text null, "carrier_number2" text null, "love_code" text null, "company_tax_id" text null, "company_name" text null, "buyer_name" text null, "buyer_address" text null, "buyer_email" text null, "buyer_phone" text null, "print" boolean not null default false, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "ecpay_einvoice_preference_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_ecpay_einvoice_preference_deleted_at" ON "ecpay_einvoice_preference" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_ecpay_einvoice_preference_cart" ON "ecpay_einvoice_preference" ("cart_id") WHERE scope = 'cart' AND deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_ecpay_einvoice_preference_order" ON "ecpay_einvoice_preference" ("order_id") WHERE scope = 'order' AND deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_ecpay_einvoice_preference_customer" ON "ecpay_einvoice_preference" ("customer_id") WHERE scope = 'customer' AND deleted_at IS NULL;`);

    this.addSql(`create table if not exists "ecpay_einvoice_setting" ("id" text not null, "enabled" boolean not null default false, "environment" text check ("environment" in ('simulator', 'stage', 'production')) not null default 'stage', "merchant_id" text null, "hash_key_encrypted" text null, "hash_iv_encrypted" text null, "base_url" text null, "tax_type" text not null default '1', "clearance_mark" text null, "zero_tax_rate_reason" text null, "issue_mode" text check ("issue_mode" in ('manual', 'automatic')) not null default 'automatic', "issue_trigger" text check ("issue_trigger" in ('payment_captured', 'fulfillment', 'shipment')) not null default 'payment_captured', "issue_delay_days" integer not null default 0, "enabled_types" jsonb null, "charities" jsonb null, "default_love_code" text null, "relate_number_prefix" text not null default 'MD', "auto_void_on_cancel" boolean not null default true, "auto_allowance_on_refund" boolean not null default false, "allowance_agreement" text check ("allowance_agreement" in ('paper', 'online')) not null default 'paper', "notify_by_medusa" boolean not null default false, "notification_template" text not null default 'ecpay-einvoice-issued', "item_word" text not null default '件', "invoice_remark" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "ecpay_einvoice_setting_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_ecpay_einvoice_setting_deleted_at" ON "ecpay_einvoice_setting" ("deleted_at") WHERE deleted_at IS NULL;`);

    this.addSql(`alter table if exists "ecpay_einvoice_allowance" add constraint "ecpay_einvoice_allowance_einvoice_id_foreign" foreign key ("einvoice_id") references "ecpay_einvoice" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "ecpay_einvoice_allowance" drop constraint if exists "ecpay_einvoice_allowance_einvoice_id_foreign";`);

    this.addSql(`drop table if exists "ecpay_einvoice" cascade;`);

    this.addSql(`drop table if exists "ecpay_einvoice_allowance" cascade;`);

    this.addSql(`drop table if exists "ecpay_einvoice_event" cascade;`);

    this.addSql(`drop table if exists "ecpay_einvoice_preference" cascade;`);

    this.addSql(`drop table if exists "ecpay_einvoice_setting" cascade;`);
  }

}
