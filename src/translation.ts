/**
 * The extension's strings in the user's language.
 */
import {
  nullTranslator,
  type ITranslator,
  type TranslationBundle
} from '@jupyterlab/translation';

/**
 * This extension's translations; untranslated without a translator.
 */
export function loadTranslations(translator?: ITranslator): TranslationBundle {
  return (translator ?? nullTranslator).load('jupyterlab_dask_clusters');
}
