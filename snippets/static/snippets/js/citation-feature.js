/* The "citation" Draftail feature (snippets/rich_text.py): the toolbar button opens
 * the reference chooser modal; the chosen reference is inserted as one immutable
 * entity labelled "Author (year)". The API replaces the label with the reference's
 * number on the page. */
(() => {
  const { draftail, React } = window;

  const citationLabel = (string) => {
    const match = /^(.*?\(\d{4}\))/.exec(string || '');
    return match ? match[1] : string || 'Reference';
  };

  class CitationSource extends draftail.DocumentModalWorkflowSource {
    getChooserConfig() {
      const { referenceChooser } = this.props.entityType.chooserUrls;
      return {
        url: referenceChooser,
        urlParams: {},
        onload: window.CHOOSER_MODAL_ONLOAD_HANDLERS,
        responses: { chosen: this.onChosen },
      };
    }

    onChosen(data) {
      // One immutable entity whose text is the label, replacing any selection.
      const { editorState, entityType, onComplete } = this.props;
      const { EditorState, Modifier } = window.DraftJS;
      const content = editorState
        .getCurrentContent()
        .createEntity(entityType.type, 'IMMUTABLE', this.filterEntityData(data));
      const entityKey = content.getLastCreatedEntityKey();
      const cited = Modifier.replaceText(
        content,
        editorState.getSelection(),
        citationLabel(data.string),
        null,
        entityKey,
      );
      this.workflow.close();
      onComplete(EditorState.push(editorState, cited, 'insert-characters'));
    }

    filterEntityData(data) {
      return { id: Number(data.id), missing: false };
    }
  }

  const Citation = ({ entityKey, contentState, children }) => {
    const { id, missing } = contentState.getEntity(entityKey).getData();
    return React.createElement(
      'span',
      {
        className: missing ? 'citation citation--missing' : 'citation',
        'data-reference-id': id,
        title: missing
          ? 'This reference was deleted: cite another one.'
          : `Citation of reference ${id}`,
        style: {
          verticalAlign: 'super',
          fontSize: '0.8em',
          textDecoration: missing ? 'line-through' : 'underline dotted',
        },
      },
      '[',
      children,
      ']',
    );
  };

  draftail.registerPlugin(
    { type: 'CITATION', source: CitationSource, decorator: Citation },
    'entityTypes',
  );
})();
