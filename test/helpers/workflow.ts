/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, no-console -- test code, not shipped in the package: it uses Node built-ins, timers, fixture keys and stub nodes */
/**
 * In-process workflow test harness.
 *
 * Runs node types through n8n-core's real `WorkflowExecute`, so everything a node calls on
 * `this.helpers` (httpRequest, httpRequestWithAuthentication, prepareBinaryData,
 * getBinaryDataBuffer, ...) is n8n-core's real implementation. Nothing is mocked except the
 * parts of an n8n instance that a single execution needs but that live outside n8n-core
 * (credential storage, workflow storage, sub-workflow execution, task runners).
 *
 * Modelled on n8n's own `packages/core/nodes-testing` harness (node-test-harness.ts and
 * credentials-helper.ts), written small and without jest-mock-extended.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import {
	BinaryDataService,
	ErrorReporter,
	ExecutionLifecycleHooks,
	ExternalSecretsProxy,
	InstanceSettings,
	WorkflowExecute,
} from 'n8n-core';
import type { BinaryDataConfig } from 'n8n-core';
import {
	createRunExecutionData,
	ICredentials,
	ICredentialsHelper,
	NodeHelpers,
	Workflow,
} from 'n8n-workflow';
import type {
	ExecutionBaseError,
	IBinaryData,
	IConnections,
	ICredentialDataDecryptedObject,
	ICredentialsEncrypted,
	ICredentialType,
	IDataObject,
	IHttpRequestOptions,
	INode,
	INodeCredentials,
	INodeCredentialsDetails,
	INodeExecutionData,
	INodeParameters,
	INodeProperties,
	INodeType,
	INodeTypes,
	IRequestOptionsSimplified,
	IRun,
	IRunData,
	IVersionedNodeType,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	NodeExecutionHint,
	WorkflowExecuteMode,
} from 'n8n-workflow';

// ---------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------

export interface RunNodeOptions {
	node: INodeType; // instance, e.g. new ApiKeyRequest()
	parameters: INodeParameters;
	credentials?: Record<string, ICredentialDataDecryptedObject>; // by credential type name, e.g. { apiKeyApi: {...} }
	credentialTypes?: ICredentialType[]; // e.g. [new ApiKeyApi()]
	items?: INodeExecutionData[]; // default [{ json: {} }]
	continueOnFail?: boolean; // sets node.onError = 'continueRegularOutput'
	typeVersion?: number;
	mode?: WorkflowExecuteMode; // default 'manual'
}

export interface RunNodeResult {
	items: INodeExecutionData[]; // output 0 of the node (empty array if none)
	outputs: INodeExecutionData[][]; // all outputs
	error?: ExecutionBaseError; // the node's error when the run failed
	runData: IRunData; // full run data (for scanning stored execution data)
	hints: NodeExecutionHint[]; // execution hints the node added, if available
	run: IRun;
}

/** One node of a multi-node run (see {@link runWorkflow}). */
export interface WorkflowNodeSpec {
	/** Unique node name; default: the type's `defaults.name` or `displayName` (suffixed when repeated) */
	name?: string;
	node: INodeType;
	parameters: INodeParameters;
	typeVersion?: number;
	continueOnFail?: boolean;
}

export interface RunWorkflowOptions {
	/** The first node is the start node; it receives `items`. */
	nodes: WorkflowNodeSpec[];
	/** Default: a linear chain, output 0 of nodes[i] to input 0 of nodes[i + 1]. */
	connections?: IConnections;
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	credentialTypes?: ICredentialType[];
	items?: INodeExecutionData[];
	mode?: WorkflowExecuteMode;
}

/** What one node produced in a workflow run (its last run when it ran more than once). */
export type NodeRunSummary = Omit<RunNodeResult, 'runData' | 'run'>;

export interface RunWorkflowResult {
	run: IRun;
	runData: IRunData;
	/** Node names in the order given in `options.nodes` */
	nodeNames: string[];
	/** Per node name; nodes that never ran are absent */
	nodes: Record<string, NodeRunSummary>;
	/** Workflow-level error, if the execution failed */
	error?: ExecutionBaseError;
}

/** Run a single node with the given input items through n8n-core's WorkflowExecute. */
export async function runNode(options: RunNodeOptions): Promise<RunNodeResult> {
	const result = await runWorkflow({
		nodes: [
			{
				node: options.node,
				parameters: options.parameters,
				typeVersion: options.typeVersion,
				continueOnFail: options.continueOnFail,
			},
		],
		credentials: options.credentials,
		credentialTypes: options.credentialTypes,
		items: options.items,
		mode: options.mode,
	});
	const name = result.nodeNames[0];
	const summary: NodeRunSummary = result.nodes[name] ?? { items: [], outputs: [], hints: [] };
	return {
		...summary,
		error: summary.error ?? result.error,
		runData: result.runData,
		run: result.run,
	};
}

/** Run several nodes (a chain by default) through n8n-core's WorkflowExecute. */
export async function runWorkflow(options: RunWorkflowOptions): Promise<RunWorkflowResult> {
	if (options.nodes.length === 0) throw new Error('runWorkflow: at least one node is required');
	setUpN8nCore();

	const mode = options.mode ?? 'manual';
	const executionId = `harness-${++executionCounter}`;
	const workflowId = 'harness-workflow';
	const credentials = options.credentials ?? {};

	const nodeTypes = new HarnessNodeTypes();
	const usedNames = new Set<string>();
	const nodes: INode[] = options.nodes.map((spec, index) => {
		const type = nodeTypes.register(spec.node);
		const { description } = spec.node;
		const name =
			spec.name ?? uniqueName(description.defaults?.name ?? description.displayName, usedNames);
		usedNames.add(name);
		const nodeCredentials: INodeCredentials = {};
		for (const credentialType of Object.keys(credentials)) {
			nodeCredentials[credentialType] = {
				id: `${credentialType}-id`,
				name: `${credentialType} (test)`,
			};
		}
		return {
			id: `node-${index + 1}`,
			name,
			type,
			typeVersion: spec.typeVersion ?? defaultVersion(spec.node),
			position: [index * 200, 0],
			// Copied: the Workflow constructor writes parameter defaults into node.parameters.
			parameters: structuredClone(spec.parameters),
			credentials: nodeCredentials,
			...(spec.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
		};
	});

	const connections = options.connections ?? chainConnections(nodes);
	const workflow = new Workflow({
		id: workflowId,
		name: 'Harness workflow',
		nodes,
		connections,
		active: false,
		nodeTypes,
		settings: { executionOrder: 'v1' },
	});

	const workflowData: IWorkflowBase = {
		id: workflowId,
		name: 'Harness workflow',
		active: false,
		isArchived: false,
		activeVersionId: null,
		createdAt: new Date(),
		updatedAt: new Date(),
		nodes,
		connections,
		settings: { executionOrder: 'v1' },
	};
	const hooks = new ExecutionLifecycleHooks(mode, executionId, workflowData);
	const additionalData = createAdditionalData({
		executionId,
		hooks,
		credentialsHelper: new HarnessCredentialsHelper(credentials, options.credentialTypes ?? []),
	});

	const items = structuredClone(options.items ?? [{ json: {} }]);
	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node: nodes[0], data: { main: [items] }, source: null }],
			// Pre-established execution context: a fresh start node without context hooks gets
			// exactly this from n8n-core, and it keeps ExecutionContextService/Cipher out of play.
			runtimeData: { version: 1, establishedAt: Date.now(), source: mode },
		},
	});

	const workflowExecute = new WorkflowExecute(additionalData, mode, runExecutionData);
	const run = await workflowExecute.processRunExecutionData(workflow);
	const runData = run.data.resultData.runData;

	const summaries: Record<string, NodeRunSummary> = {};
	for (const node of nodes) {
		const tasks = runData[node.name];
		if (!tasks?.length) continue;
		const task = tasks[tasks.length - 1];
		const outputs = (task.data?.main ?? []).map((output) => output ?? []);
		summaries[node.name] = {
			items: outputs[0] ?? [],
			outputs,
			error: task.error as ExecutionBaseError | undefined,
			hints: task.hints ?? [],
		};
	}

	return {
		run,
		runData,
		nodeNames: nodes.map((node) => node.name),
		nodes: summaries,
		error: run.data.resultData.error as ExecutionBaseError | undefined,
	};
}

/** Read the binary data of an output item (works for in-memory and filesystem binary modes). */
export async function binaryBuffer(item: INodeExecutionData, property = 'data'): Promise<Buffer> {
	setUpN8nCore();
	const binary = item.binary?.[property];
	if (!binary) {
		const available = Object.keys(item.binary ?? {});
		throw new Error(
			`Item has no binary property "${property}" (available: ${available.length ? available.join(', ') : 'none'})`,
		);
	}
	return await Container.get(BinaryDataService).getAsBuffer(binary);
}

/**
 * Create an input item carrying binary data, stored the way n8n-core stores it, so a node can
 * read it with `this.helpers.getBinaryDataBuffer(itemIndex, property)`.
 */
export async function binaryItem(
	data: Buffer,
	fileName: string,
	mimeType: string,
	json: IDataObject = {},
	property = 'data',
): Promise<INodeExecutionData> {
	setUpN8nCore();
	const binaryData: IBinaryData = {
		data: '',
		mimeType,
		fileName,
		fileExtension: path.extname(fileName).slice(1) || undefined,
	};
	const stored = await Container.get(BinaryDataService).store(
		{ type: 'execution', workflowId: 'harness-workflow', executionId: 'harness-input' },
		data,
		binaryData,
	);
	return { json: { ...json }, binary: { [property]: stored } };
}

/**
 * Switch how binary data is stored: 'default' keeps it base64 in the item (n8n's in-memory
 * mode, the harness default); 'filesystem' writes it to a temp dir and leaves only an id in
 * the item, which catches nodes that read `binary.data` directly instead of using
 * `this.helpers.getBinaryDataBuffer`.
 */
export async function useBinaryDataMode(mode: 'default' | 'filesystem'): Promise<void> {
	setUpN8nCore();
	await installBinaryDataService(mode);
}

// ---------------------------------------------------------------------------------------
// n8n-core's dependency-injection container
// ---------------------------------------------------------------------------------------

/*
 * n8n-core 1.122.x depends on @n8n/di 0.10.0 and installs its own copy under
 * node_modules/n8n-core/node_modules, while the top-level @n8n/di (pulled in by
 * @n8n/node-cli) is another version. The container is a per-module singleton, so services
 * must be registered in the copy n8n-core itself loads. Same for the Logger class token of
 * @n8n/backend-common. Resolve both starting from n8n-core's own directory.
 */
type Token<T> = abstract new (...args: never[]) => T;
interface DiContainer {
	get<T>(token: Token<T>): T;
	set<T>(token: Token<T>, instance: T): void;
	has(token: Token<unknown>): boolean;
}

const n8nCoreDir = path.resolve(path.dirname(require.resolve('n8n-core')), '..');
const requireFromCore = <T>(id: string): T =>
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	require(require.resolve(id, { paths: [n8nCoreDir] })) as T;

const { Container } = requireFromCore<{ Container: DiContainer }>('@n8n/di');
const { Logger } = requireFromCore<{ Logger: Token<unknown> }>('@n8n/backend-common');
// Not exported from n8n-core's index; the deep paths are the same module instances n8n-core uses.
const { SSHClientsManager } = requireFromCore<{ SSHClientsManager: Token<unknown> }>(
	'n8n-core/dist/execution-engine/ssh-clients-manager',
);
const { ScheduledTaskManager } = requireFromCore<{ ScheduledTaskManager: Token<unknown> }>(
	'n8n-core/dist/execution-engine/scheduled-task-manager',
);

let executionCounter = 0;
let tempDir: string | undefined;
let coreReady = false;

// One temp dir per test file (jest gives each file its own module registry, hence its own
// container and its own copy of this module); removed when the file's tests are done.
// Hooks can only be registered while jest collects tests, i.e. when this module is imported
// at the top of a test file; if it is first required inside a test, the dir is left in tmp.
if (
	typeof afterAll === 'function' &&
	typeof expect === 'function' &&
	expect.getState().currentTestName === undefined
) {
	afterAll(() => {
		if (tempDir) rmSync(tempDir, { recursive: true, force: true });
		tempDir = undefined;
	});
}

function harnessTempDir(): string {
	tempDir ??= mkdtempSync(path.join(tmpdir(), 'n8n-nodes-api-key-test-'));
	return tempDir;
}

const debugLogs = process.env.HARNESS_DEBUG === '1';
function log(level: string, message: unknown, meta?: unknown) {
	if (debugLogs) console.log(`[n8n-core ${level}]`, message, meta ?? '');
}

interface SilentLogger {
	error(message: unknown, meta?: unknown): void;
	warn(message: unknown, meta?: unknown): void;
	info(message: unknown, meta?: unknown): void;
	debug(message: unknown, meta?: unknown): void;
	scoped(scopes: unknown): SilentLogger;
}
const logger: SilentLogger = {
	error: (message, meta) => log('error', message, meta),
	warn: (message, meta) => log('warn', message, meta),
	info: (message, meta) => log('info', message, meta),
	debug: (message, meta) => log('debug', message, meta),
	scoped: () => logger,
};

/** Errors n8n-core would have sent to Sentry during this test file (for debugging). */
export const reportedErrors: unknown[] = [];

function setUpN8nCore(): void {
	if (coreReady) return;

	// Logger: silent unless HARNESS_DEBUG=1 (the real one needs GlobalConfig and winston).
	Container.set(Logger, logger);

	// ErrorReporter: the real one reports to Sentry; keep what it would have reported.
	const errorReporter = {
		error: (error: unknown) => {
			reportedErrors.push(error);
			log('report', error);
		},
		warn: (warning: unknown) => log('report-warn', warning),
		info: (message: unknown) => log('report-info', message),
	};
	Container.set(ErrorReporter, errorReporter as unknown as ErrorReporter);

	// InstanceSettings: the real class, pointed at a temp dir instead of ~/.n8n (its
	// constructor writes a `config` file with an encryption key there). Every node
	// execution context reads it.
	const userHome = harnessTempDir();
	const n8nFolder = path.join(userHome, '.n8n');
	mkdirSync(n8nFolder, { recursive: true });
	const instanceSettingsConfig = {
		userHome,
		n8nFolder,
		encryptionKey: 'n8n-nodes-api-key-test-encryption-key',
		enforceSettingsFilePermissions: false,
	};
	const InstanceSettingsClass = InstanceSettings as unknown as new (
		config: typeof instanceSettingsConfig,
		logger: SilentLogger,
	) => InstanceSettings;
	Container.set(InstanceSettings, new InstanceSettingsClass(instanceSettingsConfig, logger));

	// BinaryDataService in n8n's 'default' (in-memory) mode. Constructed here so it does not
	// depend on N8N_* env vars; init() is synchronous work for this mode.
	void installBinaryDataService('default');

	// SSHClientsManager: every ExecuteContext fetches it, and the real one starts a 60 s
	// cleanup interval and adds a process 'exit' listener in its constructor, which keeps
	// jest from exiting. ScheduledTaskManager (poll/trigger contexts) likewise owns timers.
	Container.set(SSHClientsManager, {
		getClient: async () => notAvailable('SSH tunnels'),
		updateLastUsed: () => {},
	});
	Container.set(ScheduledTaskManager, {
		cronsByWorkflow: new Map(),
		registerCron: () => notAvailable('Cron scheduling'),
		deregisterCrons: () => {},
		deregisterAllCrons: () => {},
	});

	// GlobalConfig and SecurityConfig are left to the container: they are plain
	// env-driven config classes (WorkflowExecute reads GlobalConfig.sentry for every node).
	coreReady = true;
}

async function installBinaryDataService(mode: 'default' | 'filesystem'): Promise<void> {
	const config = {
		mode,
		availableModes: mode === 'filesystem' ? ['filesystem'] : [],
		localStoragePath: path.join(harnessTempDir(), 'binaryData'),
		signingSecret: 'n8n-nodes-api-key-test-signing-secret',
		dbMaxFileSize: 512,
	} as unknown as BinaryDataConfig;
	const service = new BinaryDataService(
		config,
		Container.get(ErrorReporter),
		logger as unknown as ConstructorParameters<typeof BinaryDataService>[2],
	);
	Container.set(BinaryDataService, service);
	await service.init();
}

// ---------------------------------------------------------------------------------------
// Node types
// ---------------------------------------------------------------------------------------

const PACKAGE_NAME = 'n8n-nodes-api-key';

class HarnessNodeTypes implements INodeTypes {
	private readonly types = new Map<string, INodeType>();

	/** Registers the node type and returns the type string nodes use for it. */
	register(nodeType: INodeType): string {
		const name = nodeType.description.name;
		const type = name.includes('.') ? name : `${PACKAGE_NAME}.${name}`;
		const known = this.types.get(type);
		if (known && known !== nodeType) {
			throw new Error(`Two different node types are registered as "${type}"`);
		}
		this.types.set(type, nodeType);
		return type;
	}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		return this.lookup(nodeType);
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		const found = this.lookup(nodeType) as INodeType | IVersionedNodeType;
		if ('nodeVersions' in found) return found.getNodeType(version);
		return found;
	}

	getKnownTypes(): IDataObject {
		const known: IDataObject = {};
		for (const [type, nodeType] of this.types) {
			known[type] = { className: nodeType.constructor.name, sourcePath: '' };
		}
		return known;
	}

	private lookup(nodeType: string): INodeType {
		const found = this.types.get(nodeType) ?? this.types.get(`${PACKAGE_NAME}.${nodeType}`);
		if (!found) {
			throw new Error(
				`Unknown node type "${nodeType}" (known: ${[...this.types.keys()].join(', ') || 'none'})`,
			);
		}
		return found;
	}
}

function defaultVersion(nodeType: INodeType): number {
	const { version, defaultVersion: preferred } = nodeType.description;
	if (preferred !== undefined) return preferred;
	return Array.isArray(version) ? Math.max(...version) : version;
}

function uniqueName(base: string, used: Set<string>): string {
	if (!used.has(base)) return base;
	let suffix = 1;
	while (used.has(`${base}${suffix}`)) suffix++;
	return `${base}${suffix}`;
}

function chainConnections(nodes: INode[]): IConnections {
	const connections: IConnections = {};
	for (let i = 0; i + 1 < nodes.length; i++) {
		connections[nodes[i].name] = {
			main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]],
		};
	}
	return connections;
}

// ---------------------------------------------------------------------------------------
// Credentials
// ---------------------------------------------------------------------------------------

class HarnessCredentials extends ICredentials {
	constructor(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		private plain: ICredentialDataDecryptedObject,
	) {
		super(nodeCredentials, type);
	}

	getData(): ICredentialDataDecryptedObject {
		return structuredClone(this.plain);
	}

	getDataToSave(): ICredentialsEncrypted {
		return { id: this.id, name: this.name, type: this.type, data: JSON.stringify(this.plain) };
	}

	setData(data: ICredentialDataDecryptedObject): void {
		this.plain = structuredClone(data);
	}
}

/**
 * Credentials come from the test (by credential type name) instead of the database.
 * getDecrypted applies the credential type's property defaults, as n8n does, so a node sees
 * what it would see in n8n when a user left a field at its default.
 */
class HarnessCredentialsHelper extends ICredentialsHelper {
	private readonly types = new Map<string, ICredentialType>();

	constructor(
		private readonly credentials: Record<string, ICredentialDataDecryptedObject>,
		credentialTypes: ICredentialType[],
	) {
		super();
		for (const type of credentialTypes) this.types.set(type.name, type);
	}

	getParentTypes(name: string): string[] {
		const parents: string[] = [];
		for (const parent of this.types.get(name)?.extends ?? []) {
			parents.push(parent, ...this.getParentTypes(parent));
		}
		return parents;
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		const credentialType = this.types.get(type);
		if (!credentialType) return [];
		const inherited = (credentialType.extends ?? []).flatMap((parent) =>
			this.getCredentialsProperties(parent),
		);
		// Own properties override inherited ones with the same name.
		const own = new Set(credentialType.properties.map((property) => property.name));
		return [
			...inherited.filter((property) => !own.has(property.name)),
			...credentialType.properties,
		];
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow: Workflow,
		node: INode,
	): Promise<IHttpRequestOptions> {
		const credentialType = this.types.get(typeName);
		const options = requestOptions as IHttpRequestOptions;
		const authenticate = credentialType?.authenticate;
		if (!credentialType || authenticate === undefined) return options;

		if (typeof authenticate === 'function') {
			// Called as a method: class-based credential types may use `this`.
			return await (
				credentialType.authenticate as (
					c: ICredentialDataDecryptedObject,
					r: IHttpRequestOptions,
				) => Promise<IHttpRequestOptions>
			).call(credentialType, credentials, options);
		}

		if (authenticate.type === 'generic') {
			// Declarative { headers, qs, body, auth } with `={{$credentials.x}}` expressions.
			const resolve = (value: unknown) =>
				typeof value === 'string' && value.startsWith('=')
					? workflow.expression.getSimpleParameterValue(node, value, 'internal', {
							$credentials: credentials,
						})
					: value;
			const target = options as unknown as Record<string, Record<string, unknown>>;
			for (const [section, entries] of Object.entries(authenticate.properties)) {
				target[section] ??= {};
				for (const [key, value] of Object.entries(entries as Record<string, unknown>)) {
					target[section][String(resolve(key))] = resolve(value);
				}
			}
		}
		return options;
	}

	async preAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async getCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentials> {
		return new HarnessCredentials(nodeCredentials, type, this.credentials[type] ?? {});
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const data = this.credentials[type];
		if (data === undefined) {
			throw new Error(`The test gave no credential data for credential type "${type}"`);
		}
		const properties = this.getCredentialsProperties(type);
		if (properties.length === 0) return structuredClone(data);
		const withDefaults = NodeHelpers.getNodeParameters(
			properties,
			structuredClone(data) as INodeParameters,
			true,
			false,
			null,
			null,
		);
		return (withDefaults ?? {}) as ICredentialDataDecryptedObject;
	}

	async updateCredentials(
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.credentials[type] = data;
	}

	async updateCredentialsOauthTokenData(
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.credentials[type] = { ...this.credentials[type], ...data };
	}
}

// ---------------------------------------------------------------------------------------
// additionalData
// ---------------------------------------------------------------------------------------

function notAvailable(what: string): never {
	throw new Error(`${what} is not available in the test harness`);
}

function createAdditionalData(parts: {
	executionId: string;
	hooks: ExecutionLifecycleHooks;
	credentialsHelper: ICredentialsHelper;
}): IWorkflowExecuteAdditionalData {
	const baseUrl = 'http://localhost:5678';
	return {
		executionId: parts.executionId,
		hooks: parts.hooks,
		credentialsHelper: parts.credentialsHelper,
		currentNodeExecutionIndex: 0,
		restApiUrl: `${baseUrl}/rest`,
		instanceBaseUrl: `${baseUrl}/`,
		formWaitingBaseUrl: `${baseUrl}/form-waiting`,
		webhookBaseUrl: `${baseUrl}/webhook`,
		webhookWaitingBaseUrl: `${baseUrl}/webhook-waiting`,
		webhookTestBaseUrl: `${baseUrl}/webhook-test`,
		variables: {},
		externalSecretsProxy: new ExternalSecretsProxy(),
		executeWorkflow: async () => notAvailable('executeWorkflow (sub-workflows)'),
		getRunExecutionData: async () => undefined,
		logAiEvent: () => {},
		startRunnerTask: async () => notAvailable('startRunnerTask (task runners)'),
	};
}
