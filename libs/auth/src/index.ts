export * from './identity';
export * from './token-verifier';
export * from './gateway-identity';
export * from './policy';
