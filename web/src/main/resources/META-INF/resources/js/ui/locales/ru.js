// Русский каталог. Ключи: см. ../i18n.js. Держите в согласии с en.js (web/src/test/js/i18n.test.mjs).
export default {
  'errors.unknown': 'Что-то пошло не так. Попробуйте ещё раз.',
};
