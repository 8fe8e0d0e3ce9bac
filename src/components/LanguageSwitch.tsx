import { LANGUAGES, LANGUAGE_NAMES, currentLanguage, isLanguage, setLanguage, useT } from '../i18n';

/** English or Korean: remembered in this browser and kept in the link (lang=ko). */
export function LanguageSwitch() {
  const { t } = useT();
  return (
    <label className="language-switch">
      {t('app.language')}{' '}
      <select
        value={currentLanguage()}
        onChange={(e) => {
          if (isLanguage(e.target.value)) setLanguage(e.target.value);
        }}
      >
        {LANGUAGES.map((language) => (
          <option key={language} value={language} lang={language}>
            {LANGUAGE_NAMES[language]}
          </option>
        ))}
      </select>
    </label>
  );
}
