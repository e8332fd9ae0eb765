// Tests never reach AWS: fixed fake credentials and region, and quiet logs unless asked.
process.env.AWS_REGION ??= 'us-east-1';
process.env.AWS_ACCESS_KEY_ID ??= 'test-access-key';
process.env.AWS_SECRET_ACCESS_KEY ??= 'test-secret-key';
process.env.POWERTOOLS_LOG_LEVEL ??= process.env.TEST_LOG_LEVEL ?? 'SILENT';
process.env.POWERTOOLS_DEV ??= 'true';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
