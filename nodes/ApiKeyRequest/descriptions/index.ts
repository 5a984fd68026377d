import type { INodeProperties } from 'n8n-workflow';

import { bodyProperties } from './body.description';
import { legacyEnvironmentProperty } from './environment.description';
import { optionsProperties } from './options.description';
import { requestProperties } from './request.description';

/** Every parameter of the API Key Request node, in the order the editor shows them. */
export const properties: INodeProperties[] = [
	...requestProperties,
	...bodyProperties,
	legacyEnvironmentProperty,
	...optionsProperties,
];
