/**
 * The credential's Test button, as pure steps: which request to send with which key, and what its
 * answer (or its failure) means, in the package's words. The I/O is the node's
 * (nodes/ApiKeyRequest/methods/credentialTest.ts): it sends exactly one request.
 *
 * n8n runs the test through a node's `methods.credentialTest` (`testedBy`), not through a
 * declarative `test`: on n8n 1.x the declarative test's rules never match (its errors lose their
 * `cause`) and n8n sends a 401 twice.
 */
import type { IHttpRequestMethods, IHttpRequestOptions } from 'n8n-workflow';

import { KeyConfigError } from '../errors';
import { detectKeyKind, type KeyKind, type KeyRing } from '../key/lifecycle';
import { createRedactor, type Redactor } from '../redaction';
import { findServicePreset, resolveServiceOrThrow } from '../services/resolve';
import { accountField } from '../services/legacy';
import type { PresetTestAnswer, ServicePreset } from '../services/presets';
import { connectionAdvice, statusAdvice } from '../statusAdvice';
import { hasScheme, text } from '../text';
import type { KeyConfig } from '../types';
import { parseUrl } from '../url';
import { keyConfigForRequest, loadKeyRing } from './keyRing';

export interface CredentialTestResult {
	status: 'OK' | 'Error';
	message: string;
}

/** Everything the Test needs to know before it sends its one request. */
export interface CredentialTestPlan {
	/** The test request, before the key is put in (authenticateRequestOptions does that). */
	request: IHttpRequestOptions;
	/** The key that is tested. */
	config: KeyConfig;
	/** Which field that key came from. */
	keyField: 'Key' | 'Secondary Key';
	ring: KeyRing;
	preset?: ServicePreset;
	/** Custom: whether Test Request URL was set. */
	testUrlSet: boolean;
	/** Masks every key of the credential in every form. */
	redactor: Redactor;
}

/**
 * Refuses keys that are clearly in each other's place (a test-mode Key with a live Test Key),
 * which a single test request could not tell.
 */
export function checkKeysForCredentialTest(data: Record<string, unknown>): void {
	const prefixes = findServicePreset(data)?.keyPrefixes;
	const main = detectKeyKind(text(data.apiKey), prefixes);
	const test = detectKeyKind(text(data.testApiKey), prefixes);
	if (main?.environment === 'test' && test?.environment === 'live') {
		throw new KeyConfigError(
			`The Key is a test-mode key (${main.prefix}…) and the Test Key a live key (${test.prefix}…): they are swapped`,
			'Put the live key under Key and the test-mode key under Test Key, then test again.',
		);
	}
}

function joinUrl(base: string, path: string): string {
	if (path === '') return base;
	if (hasScheme(path) || base === '') return path;
	return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

/**
 * The test request and the key it is sent with.
 */
export function planCredentialTest(data: Record<string, unknown>, now: Date): CredentialTestPlan {
	checkKeysForCredentialTest(data);
	const ring = loadKeyRing(data, 'live');
	const redactor = createRedactor(ring.secrets);
	// The key any request would send now: the Key, or past Key Expires On the Secondary Key; an
	// expired Key without one throws, and nothing is sent.
	const config = keyConfigForRequest(data, now);
	const resolved = resolveServiceOrThrow(data, 'live');
	const preset = resolved.preset;
	const testUrl = preset ? text(resolved.data.testUrl) : text(data.testUrl).trim();
	const url = preset ? testUrl : joinUrl(config.baseUrl, testUrl);
	if (url === '') {
		throw new KeyConfigError(
			'No URL to call: set Base URL or Test Request URL in the credential',
			'Test Request URL should be an endpoint that needs the key, e.g. https://api.example.com/v1/me.',
		);
	}
	const method = (preset ? text(resolved.data.testMethod) : text(data.testMethod)) || 'GET';
	return {
		request: { url, method: method as IHttpRequestMethods, headers: { Accept: 'application/json' } },
		config,
		keyField: config.key === ring.primary.key ? 'Key' : 'Secondary Key',
		ring,
		preset,
		testUrlSet: preset ? true : testUrl !== '',
		redactor,
	};
}

function describeKind(kind: KeyKind): string {
	const family = kind.family ? `${kind.family} ` : '';
	return `a ${kind.environment === 'test' ? 'test-mode' : 'live'} ${family}key (${kind.prefix}…)`;
}

/** Which key was tested, and what its prefix says about it. */
function keySentence(plan: CredentialTestPlan): string {
	const parts: string[] = [];
	if (plan.keyField === 'Secondary Key') parts.push('The Key is past Key Expires On, so the Secondary Key was tested.');
	const kind = detectKeyKind(plan.config.key, plan.ring.service?.keyPrefixes);
	if (kind?.environment === 'test') {
		const data = plan.ring.service?.name ? `${plan.ring.service.name}'s test data` : 'test data';
		parts.push(`It is ${describeKind(kind)}: requests with it only reach ${data}.`);
	} else if (kind) {
		parts.push(`It is ${describeKind(kind)}.`);
	}
	if (kind?.family === 'publishable') parts.push('Publishable keys are meant for browsers; server APIs usually need the secret key (sk_…).');
	return parts.join(' ');
}

function whoAnswered(plan: CredentialTestPlan): string {
	if (plan.preset) return plan.preset.name;
	return parseUrl(text(plan.request.url))?.host ?? 'The API';
}

function testedKeyName(plan: CredentialTestPlan): string {
	return plan.keyField === 'Key' ? 'the live Key' : 'the Secondary Key';
}

function sentence(...parts: Array<string | undefined>): string {
	return parts
		.filter((part): part is string => part !== undefined && part.trim() !== '')
		.map((part) => part.trim())
		.map((part) => (/[.!?:…]$/.test(part) ? part : `${part}.`))
		.join(' ');
}

/** An HTTP answer as n8n's legacy request helper hands it back with resolveWithFullResponse. */
export interface TestAnswer {
	statusCode: number;
	headers?: Record<string, unknown>;
	body?: unknown;
}

function bodyText(body: unknown): string {
	if (body === undefined || body === null) return '';
	if (Buffer.isBuffer(body)) return body.toString('utf8');
	return typeof body === 'string' ? body : JSON.stringify(body);
}

function matches(answer: TestAnswer, rules: PresetTestAnswer[] | undefined): PresetTestAnswer | undefined {
	const body = bodyText(answer.body);
	return rules?.find((rule) => rule.status === answer.statusCode && rule.bodyIncludes.some((needle) => body.includes(needle)));
}

const MESSAGE_FIELDS = ['message', 'error_description', 'error', 'detail', 'title', 'msg'];

/** The API's own short explanation, if its error body has one. */
function apiText(body: unknown): string | undefined {
	let value: unknown = body;
	if (typeof body === 'string' || Buffer.isBuffer(body)) {
		const raw = bodyText(body).trim();
		try {
			value = JSON.parse(raw) as unknown;
		} catch {
			return raw !== '' && !/^<(!doctype|html)/i.test(raw) ? raw : undefined;
		}
	}
	for (let depth = 0; depth < 3 && value && typeof value === 'object'; depth++) {
		const record = value as Record<string, unknown>;
		const field = MESSAGE_FIELDS.find((name) => Object.prototype.hasOwnProperty.call(record, name));
		if (!field) return undefined;
		value = record[field];
		if (typeof value === 'string') return value;
	}
	return undefined;
}

function excerpt(value: string, redactor: Redactor, limit = 200): string {
	const masked = redactor.text(value).replace(/\s+/g, ' ').trim();
	return masked.length > limit ? `${masked.slice(0, limit)}…` : masked;
}

function headerText(headers: Record<string, unknown> | undefined, name: string): string | undefined {
	const found = Object.entries(headers ?? {}).find(([key]) => key.toLowerCase() === name);
	if (!found) return undefined;
	return Array.isArray(found[1]) ? String(found[1][0]) : String(found[1]);
}

/** What the answer to the test request means. The message never contains a key. */
export function describeTestAnswer(plan: CredentialTestPlan, answer: TestAnswer): CredentialTestResult {
	const { redactor, preset } = plan;
	const status = answer.statusCode;
	const accepted = matches(answer, preset?.test.acceptedAnswers);
	if ((status >= 200 && status < 300) || accepted) {
		return {
			status: 'OK',
			message: redactor.text(sentence(`Connection successful: ${whoAnswered(plan)} accepted ${testedKeyName(plan)}`, accepted?.meaning, keySentence(plan))),
		};
	}
	const rejected = matches(answer, preset?.test.rejectedAnswers);
	const facts = {
		credentialTest: true,
		custom: preset === undefined,
		url: text(plan.request.url),
		retryAfter: headerText(answer.headers, 'retry-after'),
		location: status >= 300 && status < 400 ? headerText(answer.headers, 'location') : undefined,
		permission: preset?.test.permission,
		testUrlSet: plan.testUrlSet,
		accountLabel: preset ? accountField(preset)?.label : undefined,
	};
	const advice = rejected
		? { message: `The API rejected the key (${status})`, advice: rejected.meaning }
		: statusAdvice(status, facts);
	const said = status >= 400 && status < 500 ? apiText(answer.body) : undefined;
	const manage = (status === 401 || status === 403 || rejected) && plan.ring.service?.keysUrl
		? `Manage ${plan.ring.service.name} keys at ${plan.ring.service.keysUrl}`
		: undefined;
	return {
		status: 'Error',
		message: redactor.text(
			sentence(
				advice.message,
				advice.advice,
				`Tested ${testedKeyName(plan)}`,
				keySentence(plan),
				manage,
				said ? `The API said: ${excerpt(said, redactor)}` : undefined,
			),
		),
	};
}

function errorCode(error: unknown): string | undefined {
	const seen = new Set<unknown>();
	let current: unknown = error;
	while (current && typeof current === 'object' && !seen.has(current)) {
		seen.add(current);
		const code = (current as { code?: unknown }).code;
		if (typeof code === 'string' && /^E[A-Z_]+$|CERT|SSL|TLS/.test(code)) return code;
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

/** A test that got no answer, or could not be sent: what it means, masked. */
export function describeTestFailure(plan: CredentialTestPlan | undefined, error: unknown): CredentialTestResult {
	const redactor = plan?.redactor ?? createRedactor([]);
	if (error instanceof KeyConfigError) {
		return { status: 'Error', message: redactor.text(sentence(error.message, error.description)) };
	}
	const code = errorCode(error);
	if (code && plan) {
		const host = parseUrl(text(plan.request.url))?.host ?? text(plan.request.url);
		const advice = connectionAdvice(code, host);
		return { status: 'Error', message: redactor.text(sentence(advice.message, advice.advice)) };
	}
	const message = error instanceof Error ? error.message : String(error);
	return { status: 'Error', message: redactor.text(sentence('The test request failed', message)) };
}
