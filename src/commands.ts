/** Shell commands shown to users in hints, the dry-run plan and next steps. */
export const FIRST_COMMIT_MESSAGE = 'Initial commit from create-backend-practice';
export const GIT_COMMANDS = `git init -b main && git add -A && git commit -m "${FIRST_COMMIT_MESSAGE}"`;
