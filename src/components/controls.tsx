/**
 * Markup that the panel's forms and lists share, written once.
 */
import {
  Button,
  caretDownIcon,
  caretRightIcon,
  refreshIcon
} from '@jupyterlab/ui-components';
import * as React from 'react';

/**
 * A control under its label's text.
 */
export function Field(props: {
  label: React.ReactNode;
  children: React.ReactNode;
}): JSX.Element {
  return (
    <label className="jp-DaskClusters-label">
      <span>{props.label}</span>
      {props.children}
    </label>
  );
}

/**
 * A term and its value in a `jp-DaskClusters-facts` list; the other props
 * are the value's (`<dd>`).
 */
export function Fact(
  props: { term: string } & React.HTMLAttributes<HTMLElement>
): JSX.Element {
  const { term, ...value } = props;
  return (
    <>
      <dt>{term}</dt>
      <dd {...value} />
    </>
  );
}

/**
 * A JupyterLab-styled button of a form; `className` gives its look
 * (`jp-mod-accept`, `jp-mod-warn`, `jp-DaskClusters-neutral`…).
 */
export const FormButton = React.forwardRef<
  HTMLButtonElement,
  React.ButtonHTMLAttributes<HTMLButtonElement> & { className: string }
>(function FormButton(props, ref) {
  return (
    <button
      type="button"
      {...props}
      ref={ref}
      className={`jp-mod-styled ${props.className}`}
    />
  );
});

/**
 * A section's title, with a button that lists its content again. With
 * `onToggle`, the title is a button that folds and unfolds the section, as
 * in JupyterLab's accordion panels.
 */
export function SectionHeader(props: {
  title: string;
  reloadLabel: string;
  disabled: boolean;
  onReload: () => void;
  expanded?: boolean;
  onToggle?: () => void;
}): JSX.Element {
  const { expanded = true, onToggle } = props;
  const caret = expanded ? caretDownIcon : caretRightIcon;
  return (
    <div className="jp-DaskClusters-sectionHeader">
      <h3 className="jp-DaskClusters-title">
        {onToggle ? (
          <button
            type="button"
            className="jp-DaskClusters-toggle"
            aria-expanded={expanded}
            onClick={onToggle}
          >
            <caret.react tag="span" />
            {props.title}
          </button>
        ) : (
          props.title
        )}
      </h3>
      <Button
        type="button"
        minimal
        small
        aria-label={props.reloadLabel}
        title={props.reloadLabel}
        disabled={props.disabled}
        onClick={props.onReload}
      >
        <refreshIcon.react tag="span" />
      </Button>
    </div>
  );
}
