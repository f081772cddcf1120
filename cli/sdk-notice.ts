// The CLI supports Node 20 on purpose; the SDK's notice about its future Node 22 requirement would
// otherwise end up in every command's output. Setting the variable to "false" brings it back. Imported
// first by the entry point, so it runs before any module builds an SDK client at module scope.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
