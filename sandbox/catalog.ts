/** The fixed vocabulary the seed draws from: service types, products, vendors and the demo accounts. */
import type { ServiceType } from '../shared/billing-api/schemas';

export interface SandboxServiceType extends ServiceType {
  /** Hardware orders hold stock, so their payment deadline is 1 hour instead of 7 days. */
  readonly hardware: boolean;
  readonly products: readonly string[];
}

export const SERVICE_TYPES: readonly SandboxServiceType[] = [
  { code: 'hws.service.type.ec2', name: 'Elastic Cloud Server', hardware: false, products: ['General Computing s6.xlarge.2', 'Memory-optimized m6.2xlarge.8', 'GPU-accelerated p2s.2xlarge.8'] },
  { code: 'hws.service.type.ebs', name: 'Elastic Volume Service', hardware: false, products: ['Ultra-high I/O 500 GB', 'General Purpose SSD 200 GB', 'High I/O 1 TB'] },
  { code: 'hws.service.type.vpc', name: 'Virtual Private Cloud', hardware: false, products: ['Elastic IP 10 Mbit/s', 'Shared Bandwidth 100 Mbit/s', 'NAT Gateway Medium'] },
  { code: 'hws.service.type.rds', name: 'Relational Database Service', hardware: false, products: ['RDS for MySQL 8.0 primary/standby', 'RDS for PostgreSQL 15 single', 'RDS for SQL Server 2019 SE'] },
  { code: 'hws.service.type.obs', name: 'Object Storage Service', hardware: false, products: ['Standard storage package 10 TB', 'Infrequent access package 50 TB', 'Outbound traffic package 5 TB'] },
  { code: 'hws.service.type.cdn', name: 'Content Delivery Network', hardware: false, products: ['CDN traffic package 10 TB', 'CDN HTTPS requests package'] },
  { code: 'hws.service.type.dcs', name: 'Distributed Cache Service', hardware: false, products: ['DCS for Redis 6.0 cluster 32 GB', 'DCS for Redis 5.0 master/standby 8 GB'] },
  { code: 'hws.service.type.cce', name: 'Cloud Container Engine', hardware: false, products: ['CCE Turbo cluster 200 nodes', 'CCE standard cluster 50 nodes'] },
  { code: 'hws.service.type.marketplace', name: 'KooGallery', hardware: false, products: ['Website builder license', 'Managed backup service plan'] },
  { code: 'hws.service.type.dec', name: 'Dedicated Hardware', hardware: true, products: ['Bare Metal Server physical.s4.3xlarge', 'Dedicated Host c6 pool'] },
];

/** Composite products: a server bundled with a marketplace image billed by its vendor. */
export const THIRD_PARTY_PRODUCTS: readonly { product: string; vendor_name: string; vendor_contact: string }[] = [
  { product: 'Windows Server 2022 Datacenter image', vendor_name: 'Northwind Licensing GmbH', vendor_contact: 'billing@northwind-licensing.example' },
  { product: 'SAP HANA express image', vendor_name: 'Contoso ERP Solutions', vendor_contact: '+49 30 5550 1200' },
  { product: 'WordPress LEMP stack image', vendor_name: 'Bitfield Stacks Ltd.', vendor_contact: 'sales@bitfield.example' },
  { product: 'Fortinet FortiGate-VM image', vendor_name: 'Gateway Security Partners', vendor_contact: 'accounts@gatewaysec.example' },
];

export type DemoAccountKey = 'postpaid' | 'prepaid' | 'large';

export interface DemoAccountProfile {
  readonly key: DemoAccountKey;
  readonly customer_id: string;
  readonly name: string;
  /** Fixed and documented so that demos, scripts and tests outside this repo can use them. */
  readonly token: string;
  readonly currency: string;
  /** The share of orders placed in the account's other currency. */
  readonly otherCurrencyShare: number;
  readonly country: string;
  readonly postpaid: boolean;
  readonly monthly_settlement_enabled: boolean;
  readonly bound_mobile: string;
  readonly bound_email: string;
}

export const DEMO_ACCOUNT_PROFILES: readonly DemoAccountProfile[] = [
  {
    key: 'postpaid',
    customer_id: 'c0a8f1e2b3d4459f8e6a7b1c2d3e4f51',
    name: 'Acme Analytics Ltd.',
    token: 'sbx_postpaid_demo',
    currency: 'USD',
    otherCurrencyShare: 0.15,
    country: 'US',
    postpaid: true,
    monthly_settlement_enabled: true,
    bound_mobile: '+1 4155550187',
    bound_email: 'finance@acme.example',
  },
  {
    key: 'prepaid',
    customer_id: 'd1b9e2f3a4c5460a9f7b8c2d3e4f5a62',
    name: 'Hangzhou Yunfan Technology Co., Ltd.',
    token: 'sbx_prepaid_demo',
    currency: 'CNY',
    otherCurrencyShare: 0,
    country: 'CN',
    postpaid: false,
    monthly_settlement_enabled: false,
    bound_mobile: '+86 13812341234',
    bound_email: 'caiwu@yunfan.example',
  },
  {
    key: 'large',
    customer_id: 'e2c0f3a4b5d6471b8a8c9d3e4f5a6b73',
    name: 'Globex Retail Group',
    token: 'sbx_large_demo',
    currency: 'USD',
    otherCurrencyShare: 0.1,
    country: 'SG',
    postpaid: true,
    monthly_settlement_enabled: false,
    bound_mobile: '+65 91234567',
    bound_email: 'ap-team@globex.example',
  },
];

/** As the console shows them: "+86 138****1234", "fi****@acme.example". */
export function maskMobile(mobile: string): string {
  const [prefix, number = ''] = mobile.split(' ');
  return `${prefix} ${number.slice(0, 3)}****${number.slice(-4)}`;
}

export function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 2)}****@${domain}`;
}
