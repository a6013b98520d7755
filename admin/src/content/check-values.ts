import type { AttributeInfo, ContentTypeInfo, ScalarAttributeInfo } from '../api/types';
import type { FormValue, FormValues } from './form-values';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const UID = /^[A-Za-z0-9\-_.~]*$/;
const INTEGER = /^-?\d+$/;
const NUMBER = /^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

/**
 * The checks the server would make, run before submit so mistakes show at
 * once. Drafts skip required, min, minLength (DESIGN §10), as the server does.
 * The server stays the judge: its errors are shown the same way.
 */
export function checkValues(type: ContentTypeInfo, values: FormValues, options: { draft: boolean }): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const [name, attribute] of Object.entries(type.attributes)) {
    const problem = checkValue(attribute, values[name] ?? null, options.draft);
    if (problem) errors[name] = problem;
  }
  return errors;
}

export function checkValue(attribute: AttributeInfo, value: FormValue, draft: boolean): string | null {
  if (isEmpty(value)) return attribute.required && !draft && attribute.type !== 'password' ? 'This field is required.' : null;
  if (attribute.type === 'relation' || typeof value !== 'string') return null;
  return checkText(attribute, value, draft);
}

function checkText(attribute: ScalarAttributeInfo, value: string, draft: boolean): string | null {
  const { type } = attribute;
  if (type === 'integer' || type === 'biginteger') {
    if (!INTEGER.test(value.trim())) return 'Enter a whole number.';
    return checkRange(attribute, Number(value), draft);
  }
  if (type === 'float' || type === 'decimal') {
    if (!NUMBER.test(value.trim())) return 'Enter a number.';
    return checkRange(attribute, Number(value), draft);
  }
  if (type === 'json') {
    try {
      JSON.parse(value);
      return null;
    } catch (error) {
      return `Not valid JSON: ${error instanceof Error ? error.message : 'syntax error'}`;
    }
  }
  if (type === 'email' && !EMAIL.test(value)) return 'Enter an email address, like name@example.com.';
  if (type === 'uid' && !UID.test(value)) return 'Use only letters, digits and - _ . ~';
  if (type === 'enumeration' && attribute.enum && !attribute.enum.includes(value)) return `Choose one of: ${attribute.enum.join(', ')}.`;
  const length = [...value].length;
  if (attribute.maxLength !== undefined && length > attribute.maxLength) return `At most ${attribute.maxLength} characters (now ${length}).`;
  if (!draft && attribute.minLength !== undefined && length < attribute.minLength) return `At least ${attribute.minLength} characters (now ${length}).`;
  if (attribute.regex !== undefined && !safeTest(attribute.regex, value)) return `Must match the pattern ${attribute.regex}`;
  return null;
}

function checkRange(attribute: ScalarAttributeInfo, value: number, draft: boolean): string | null {
  if (!draft && attribute.min !== undefined && value < attribute.min) return `Must be at least ${attribute.min}.`;
  if (attribute.max !== undefined && value > attribute.max) return `Must be at most ${attribute.max}.`;
  return null;
}

function isEmpty(value: FormValue): boolean {
  if (value === null) return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'string' && value.trim() === '';
}

/** A pattern the browser cannot compile is left to the server. */
function safeTest(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(value);
  } catch {
    return true;
  }
}
