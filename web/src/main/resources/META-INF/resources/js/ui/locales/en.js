// English catalogue. Keys: see ../i18n.js. Keep ru.js in step (web/src/test/js/i18n.test.mjs checks).
export default {
  'errors.unknown': 'Something went wrong. Please try again.',
};
