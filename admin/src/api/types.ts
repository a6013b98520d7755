/** Shapes of the server's JSON, as the panel reads them (DESIGN §4, §5, §10). */

import type { RelationKind, ScalarType } from '../../../core/content-types/types.js';
import { ACTIONS, type Action, type PermissionEntry } from '../../../core/permissions/types.js';

// The permission model is the server's own (core/permissions/types.ts), so the two cannot drift.
export const CONTENT_ACTIONS = ACTIONS;
export type ContentAction = Action;
export type { PermissionEntry };

// Likewise the attribute types.
export type { RelationKind, ScalarType };

interface AttributeBase {
  required?: boolean;
  private?: boolean;
}

export interface ScalarAttributeInfo extends AttributeBase {
  type: ScalarType;
  unique?: boolean;
  default?: unknown;
  min?: number;
  max?: number;
  minLength?: number;
  maxLength?: number;
  regex?: string;
  enum?: string[];
  targetField?: string;
}

export interface RelationAttributeInfo extends AttributeBase {
  type: 'relation';
  relation: RelationKind;
  /** The target type's singular name. */
  target: string;
  inversedBy?: string;
  mappedBy?: string;
}

export type AttributeInfo = ScalarAttributeInfo | RelationAttributeInfo;

/** One entry of `GET /api/content-types`. */
export interface ContentTypeInfo {
  uid: string;
  singularName: string;
  pluralName: string;
  displayName: string;
  description?: string;
  kind: 'collectionType' | 'singleType';
  draftAndPublish: boolean;
  attributes: Record<string, AttributeInfo>;
  /** What the caller may do with this type. */
  actions: ContentAction[];
}

export type FieldValue = string | number | boolean | null | FieldValue[] | { [key: string]: FieldValue };

export interface Entry {
  id: number;
  documentId: string;
  createdAt?: string;
  updatedAt?: string;
  publishedAt?: string | null;
  [field: string]: unknown;
}

export interface PagePagination {
  page: number;
  pageSize: number;
  pageCount: number;
  total: number;
}

export interface ListResult {
  data: Entry[];
  meta: { pagination: PagePagination };
}

export interface RoleRef {
  id: number;
  name: string;
  type: string;
}

export interface User {
  id: number;
  documentId: string;
  username: string;
  email: string;
  confirmed?: boolean;
  blocked?: boolean;
  createdAt?: string;
  updatedAt?: string;
  role?: RoleRef | null;
}

export interface Role {
  id: number;
  documentId: string;
  type: string;
  name: string;
  description?: string | null;
  source: 'config' | 'database';
  permissions: PermissionEntry[];
}

export type ApiTokenType = 'read-only' | 'full-access' | 'custom';

export interface ApiToken {
  id: number;
  documentId: string;
  name: string;
  description?: string | null;
  type: ApiTokenType;
  expiresAt: string | null;
  lastUsedAt: string | null;
  createdAt: string;
  permissions?: PermissionEntry[];
}

export interface CreatedApiToken extends ApiToken {
  /** Shown once, in the create response only. */
  accessKey: string;
}

export interface AuthResult {
  jwt: string;
  refreshToken: string;
  user: User;
}
