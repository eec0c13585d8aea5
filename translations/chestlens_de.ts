<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de" sourcelanguage="en">
<context>
    <name>ClassNames</name>
    <message>
        <source>Normal</source>
        <translation>Normal</translation>
    </message>
    <message>
        <source>COVID-19</source>
        <translation>COVID-19</translation>
    </message>
    <message>
        <source>Pneumonia</source>
        <translation>Pneumonie</translation>
    </message>
    <message>
        <source>Tuberculosis</source>
        <translation>Tuberkulose</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>Epoche</translation>
    </message>
</context>
<context>
    <name>WindowPresets</name>
    <message>
        <source>lung</source>
        <translation>Lunge</translation>
    </message>
    <message>
        <source>bone</source>
        <translation>Knochen</translation>
    </message>
    <message>
        <source>default: %1</source>
        <translation>Standard: %1</translation>
    </message>
    <message>
        <source>file</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>DICOM preset %1</source>
        <translation>DICOM-Voreinstellung %1</translation>
    </message>
</context>
<context>
    <name>chestlens::ui::ApplicabilityBanner</name>
    <message>
        <source>Show anyway</source>
        <translation>Trotzdem anzeigen</translation>
    </message>
    <message>
        <source>Show the probabilities and the heatmap although the model was not made for this image. They mean nothing here.</source>
        <translation>Wahrscheinlichkeiten und Heatmap anzeigen, obwohl das Modell nicht für dieses Bild gemacht ist. Sie bedeuten hier nichts.</translation>
    </message>
    <message>
        <source>Hide again</source>
        <translation>Wieder ausblenden</translation>
    </message>
    <message>
        <source>lateral view</source>
        <translation>seitliche Aufnahme</translation>
    </message>
    <message>
        <source>far from the training films</source>
        <translation>weit entfernt von den Trainingsfilmen</translation>
    </message>
    <message>
        <source>no two lung fields found</source>
        <translation>keine zwei Lungenfelder gefunden</translation>
    </message>
    <message>
        <source>This does not look like a frontal chest radiograph: %1.</source>
        <translation>Dies sieht nicht wie eine frontale Thoraxaufnahme aus: %1.</translation>
    </message>
    <message>
        <source>(Distance from the training films %1; films above %2 are refused.)</source>
        <translation>(Abstand von den Trainingsfilmen %1; Filme über %2 werden abgelehnt.)</translation>
    </message>
    <message>
        <source>The probabilities are greyed out and the heatmap is off.</source>
        <translation>Die Wahrscheinlichkeiten sind ausgegraut und die Heatmap ist aus.</translation>
    </message>
</context>
<context>
    <name>chestlens::ui::ConfusionMatrixWidget</name>
    <message>
        <source>%1 % of the %2 %3 films</source>
        <translation>%1 % der %2 %3-Aufnahmen</translation>
    </message>
    <message>
        <source>no %1 films in this data</source>
        <translation>keine %1-Aufnahmen in diesen Daten</translation>
    </message>
    <message>
        <source>correct</source>
        <translation>richtig</translation>
    </message>
    <message>
        <source>mistaken for %1</source>
        <translation>fälschlich als %1 eingestuft</translation>
    </message>
    <message numerus="yes">
        <source>True %1, predicted %2: %n film(s) (%3; %4)</source>
        <translation>
            <numerusform>Tatsächlich %1, vorhergesagt %2: %n Aufnahme (%3; %4)</numerusform>
            <numerusform>Tatsächlich %1, vorhergesagt %2: %n Aufnahmen (%3; %4)</numerusform>
        </translation>
    </message>
    <message>
        <source>No evaluation yet</source>
        <translation>Noch keine Evaluierung</translation>
    </message>
    <message>
        <source>Predicted class</source>
        <translation>Vorhergesagte Klasse</translation>
    </message>
    <message>
        <source>True class</source>
        <translation>Tatsächliche Klasse</translation>
    </message>
</context>
<context>
    <name>chestlens::ui::DuplicateReviewDialog</name>
    <message>
        <source>Duplicates and Label Conflicts</source>
        <translation>Duplikate und Label-Konflikte</translation>
    </message>
    <message>
        <source>label conflict</source>
        <translation>Label-Konflikt</translation>
    </message>
    <message>
        <source>exact copies</source>
        <translation>exakte Kopien</translation>
    </message>
    <message>
        <source>near copies</source>
        <translation>nahezu identische Kopien</translation>
    </message>
    <message numerus="yes">
        <source>%1 · %n film(s) · %2</source>
        <translation>
            <numerusform>%1 · %n Aufnahme · %2</numerusform>
            <numerusform>%1 · %n Aufnahmen · %2</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 exact and %2 near duplicates; %3 groups whose films carry different labels. By default training keeps the largest film of each group and leaves label conflicts out entirely.</source>
        <translation>%1 exakte und %2 nahezu identische Duplikate; %3 Gruppen, deren Aufnahmen unterschiedliche Labels tragen. Standardmäßig behält das Training die größte Aufnahme jeder Gruppe und schließt Label-Konflikte vollständig aus.</translation>
    </message>
    <message>
        <source>left out (label conflict)</source>
        <translation>ausgeschlossen (Label-Konflikt)</translation>
    </message>
    <message>
        <source>kept for training</source>
        <translation>für das Training behalten</translation>
    </message>
    <message>
        <source>left out</source>
        <translation>ausgeschlossen</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2&lt;br&gt;%3</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2&lt;br&gt;%3</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <source>cannot be read</source>
        <translation>nicht lesbar</translation>
    </message>
    <message numerus="yes">
        <source>%n more film(s) in this group.</source>
        <translation>
            <numerusform>%n weitere Aufnahme in dieser Gruppe.</numerusform>
            <numerusform>%n weitere Aufnahmen in dieser Gruppe.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>chestlens::ui::EvaluationDialog</name>
    <message>
        <source>Evaluate Model on Folder</source>
        <translation>Modell an Ordner evaluieren</translation>
    </message>
    <message>
        <source>A folder with one sub-folder of films per class, e.g. DIR/covid/…</source>
        <translation>Ein Ordner mit je einem Unterordner mit Aufnahmen pro Klasse, z. B. ORDNER/covid/…</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>The bundled default model</source>
        <translation>Das mitgelieferte Standardmodell</translation>
    </message>
    <message>
        <source>Labelled &amp;folder:</source>
        <translation>Gelabelter &amp;Ordner:</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>&amp;Modell:</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>&amp;Starten</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Evaluation cancelled; nothing was changed.</source>
        <translation>Evaluierung abgebrochen; es wurde nichts geändert.</translation>
    </message>
    <message>
        <source>Choose a labelled folder and press Run. Each film&apos;s class is the name of its sub-folder; the names must be classes of the model.</source>
        <translation>Wählen Sie einen gelabelten Ordner und klicken Sie auf „Starten“. Die Klasse jeder Aufnahme ist der Name ihres Unterordners; die Namen müssen Klassen des Modells sein.</translation>
    </message>
    <message>
        <source>Choose a labelled folder first.</source>
        <translation>Wählen Sie zuerst einen gelabelten Ordner.</translation>
    </message>
    <message>
        <source>Loading the model and scanning %1…</source>
        <translation>Modell wird geladen und %1 wird durchsucht…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Wird abgebrochen…</translation>
    </message>
    <message>
        <source>Labelled Folder</source>
        <translation>Gelabelter Ordner</translation>
    </message>
    <message>
        <source>Model to Evaluate</source>
        <translation>Zu evaluierendes Modell</translation>
    </message>
    <message>
        <source>Models (*.clm *.pt *.pth *.ts);;ChestLens models (*.clm);;TorchScript archives (*.pt *.pth *.ts);;All files (*)</source>
        <translation>Modelle (*.clm *.pt *.pth *.ts);;ChestLens-Modelle (*.clm);;TorchScript-Archive (*.pt *.pth *.ts);;Alle Dateien (*)</translation>
    </message>
    <message numerus="yes">
        <source>Running the model on %n film(s)…</source>
        <translation>
            <numerusform>Modell wird auf %n Aufnahme angewendet…</numerusform>
            <numerusform>Modell wird auf %n Aufnahmen angewendet…</numerusform>
        </translation>
    </message>
    <message>
        <source>Reading films: %v / %m</source>
        <translation>Aufnahmen werden gelesen: %v / %m</translation>
    </message>
    <message numerus="yes">
        <source>Evaluated %n film(s) of %1 classes in %2 s.</source>
        <translation>
            <numerusform>%n Aufnahme aus %1 Klassen in %2 s evaluiert.</numerusform>
            <numerusform>%n Aufnahmen aus %1 Klassen in %2 s evaluiert.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n film(s) could not be read and were left out: %1</source>
        <translation>
            <numerusform>%n Aufnahme konnte nicht gelesen werden und wurde ausgelassen: %1</numerusform>
            <numerusform>%n Aufnahmen konnten nicht gelesen werden und wurden ausgelassen: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n film(s) the model may not judge were left out (see the tooltip).</source>
        <translation>
            <numerusform>%n Film, den das Modell nicht beurteilen darf, wurde ausgelassen (siehe Tooltip).</numerusform>
            <numerusform>%n Filme, die das Modell nicht beurteilen darf, wurden ausgelassen (siehe Tooltip).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>chestlens::ui::EvaluationView</name>
    <message>
        <source>&lt;b&gt;Confusion matrix&lt;/b&gt; — rows: true class, columns: predicted; colour: share of the row</source>
        <translation>&lt;b&gt;Konfusionsmatrix&lt;/b&gt; — Zeilen: tatsächliche Klasse, Spalten: vorhergesagte Klasse; Farbe: Anteil an der Zeile</translation>
    </message>
    <message>
        <source>Point at a cell to read it.</source>
        <translation>Zeigen Sie auf eine Zelle, um sie abzulesen.</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Klasse</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>Präzision</translation>
    </message>
    <message>
        <source>Recall</source>
        <translation>Sensitivität</translation>
    </message>
    <message>
        <source>F1</source>
        <translation>F1</translation>
    </message>
    <message>
        <source>AUROC</source>
        <translation>AUROC</translation>
    </message>
    <message>
        <source>Support</source>
        <translation>Anzahl</translation>
    </message>
    <message>
        <source>ROC curves</source>
        <translation>ROC-Kurven</translation>
    </message>
    <message>
        <source>Reliability</source>
        <translation>Reliabilität</translation>
    </message>
    <message>
        <source>Save Plots…</source>
        <translation>Diagramme speichern…</translation>
    </message>
    <message>
        <source>Confusion matrix, ROC curves and reliability diagram as PNG or PDF files</source>
        <translation>Konfusionsmatrix, ROC-Kurven und Reliabilitätsdiagramm als PNG- oder PDF-Dateien</translation>
    </message>
    <message>
        <source>Save Metrics…</source>
        <translation>Metriken speichern…</translation>
    </message>
    <message>
        <source>All metrics as JSON, or the per-class table as CSV</source>
        <translation>Alle Metriken als JSON oder die klassenweise Tabelle als CSV</translation>
    </message>
    <message>
        <source>No evaluation yet.</source>
        <translation>Noch keine Evaluierung.</translation>
    </message>
    <message>
        <source>%1 labels but %2 probability rows</source>
        <translation>%1 Labels, aber %2 Wahrscheinlichkeitszeilen</translation>
    </message>
    <message>
        <source>Per-film scores could not be used: %1</source>
        <translation>Scores pro Aufnahme konnten nicht verwendet werden: %1</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%1 auf %2</translation>
    </message>
    <message>
        <source>&lt;b&gt;n = %1&lt;/b&gt; films</source>
        <translation>&lt;b&gt;n = %1&lt;/b&gt; Aufnahmen</translation>
    </message>
    <message>
        <source>accuracy &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>Genauigkeit &lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <source>macro-F1 &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>Makro-F1 &lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <source>ECE &lt;b&gt;%1&lt;/b&gt; before → &lt;b&gt;%2&lt;/b&gt; after temperature scaling (T = %3)</source>
        <translation>ECE &lt;b&gt;%1&lt;/b&gt; vor → &lt;b&gt;%2&lt;/b&gt; nach Temperaturskalierung (T = %3)</translation>
    </message>
    <message>
        <source>ECE &lt;b&gt;%1&lt;/b&gt; (calibrated, T = %2)</source>
        <translation>ECE &lt;b&gt;%1&lt;/b&gt; (kalibriert, T = %2)</translation>
    </message>
    <message>
        <source>NLL %1</source>
        <translation>NLL %1</translation>
    </message>
    <message>
        <source>Brier %1</source>
        <translation>Brier %1</translation>
    </message>
    <message>
        <source>Undefined: this class has no positives or no negatives in the data</source>
        <translation>Nicht definiert: Diese Klasse hat in den Daten keine Positiven oder keine Negativen</translation>
    </message>
    <message>
        <source>Macro average</source>
        <translation>Makro-Mittel</translation>
    </message>
    <message>
        <source>Unweighted mean of the per-class F1 scores</source>
        <translation>Ungewichteter Mittelwert der klassenweisen F1-Scores</translation>
    </message>
    <message>
        <source>Mean of the defined per-class AUROCs</source>
        <translation>Mittelwert der definierten klassenweisen AUROC-Werte</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>Genauigkeit</translation>
    </message>
    <message>
        <source>Fraction of films whose top class is right</source>
        <translation>Anteil der Aufnahmen, deren Top-Klasse richtig ist</translation>
    </message>
    <message>
        <source>Curves need each film&apos;s scores, and these metrics come without them. Evaluate the model on a labelled folder (Model ▸ Evaluate on Folder…) to see them.</source>
        <translation>Die Kurven benötigen die Scores jeder einzelnen Aufnahme, und diese Metriken enthalten sie nicht. Evaluieren Sie das Modell an einem gelabelten Ordner (Modell ▸ An Ordner evaluieren…), um sie zu sehen.</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>AUROC per class (one-vs-rest): %1.

%2</source>
        <translation>AUROC pro Klasse (One-vs-Rest): %1.

%2</translation>
    </message>
    <message>
        <source>Expected calibration error: %1 before, %2 after temperature scaling (T = %3).</source>
        <translation>Erwarteter Kalibrierungsfehler: %1 vor, %2 nach Temperaturskalierung (T = %3).</translation>
    </message>
    <message>
        <source>Expected calibration error: %1 (T = %2).</source>
        <translation>Erwarteter Kalibrierungsfehler: %1 (T = %2).</translation>
    </message>
    <message>
        <source>%1: nothing to save, no evaluation is shown</source>
        <translation>%1: nichts zu speichern, es wird keine Evaluierung angezeigt</translation>
    </message>
    <message>
        <source>%1: choose a .png or .pdf file name</source>
        <translation>%1: Wählen Sie einen Dateinamen mit der Endung .png oder .pdf</translation>
    </message>
    <message>
        <source>JSON, all metrics (*.json)</source>
        <translation>JSON, alle Metriken (*.json)</translation>
    </message>
    <message>
        <source>CSV, per-class table (*.csv)</source>
        <translation>CSV, klassenweise Tabelle (*.csv)</translation>
    </message>
    <message>
        <source>Save Metrics</source>
        <translation>Metriken speichern</translation>
    </message>
    <message>
        <source>Metrics saved to %1</source>
        <translation>Metriken gespeichert unter %1</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG-Bilder (*.png)</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>PDF-Dokumente (*.pdf)</translation>
    </message>
    <message>
        <source>Save Plots (one file per plot)</source>
        <translation>Diagramme speichern (eine Datei pro Diagramm)</translation>
    </message>
    <message>
        <source>Written before the failure: %1</source>
        <translation>Vor dem Fehler geschrieben: %1</translation>
    </message>
    <message>
        <source>Save Plots</source>
        <translation>Diagramme speichern</translation>
    </message>
    <message>
        <source>Plots saved: %1</source>
        <translation>Diagramme gespeichert: %1</translation>
    </message>
    <message numerus="yes">
        <source>On %n film(s), a perfectly calibrated model would measure about %1 by chance alone.</source>
        <translation>
            <numerusform>Bei %n Aufnahme würde ein perfekt kalibriertes Modell allein durch Zufall etwa %1 messen.</numerusform>
            <numerusform>Bei %n Aufnahmen würde ein perfekt kalibriertes Modell allein durch Zufall etwa %1 messen.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>chestlens::ui::FilmBrowser</name>
    <message>
        <source>No folder open</source>
        <translation>Kein Ordner geöffnet</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>%1 wird gelesen…</translation>
    </message>
    <message numerus="yes">
        <source>%n film(s)</source>
        <translation>
            <numerusform>%n Aufnahme</numerusform>
            <numerusform>%n Aufnahmen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 — %n film(s)</source>
        <translation>
            <numerusform>%1 — %n Aufnahme</numerusform>
            <numerusform>%1 — %n Aufnahmen</numerusform>
        </translation>
    </message>
    <message>
        <source>cannot be read</source>
        <translation>nicht lesbar</translation>
    </message>
    <message>
        <source>%1 · %2 %</source>
        <translation>%1 · %2 %</translation>
    </message>
    <message>
        <source>The model is unsure about this film.</source>
        <translation>Das Modell ist sich bei dieser Aufnahme unsicher.</translation>
    </message>
    <message>
        <source>not applicable</source>
        <translation>nicht anwendbar</translation>
    </message>
</context>
<context>
    <name>chestlens::ui::FilmView</name>
    <message>
        <source>Open a chest film with File ▸ Open,
or drop files or a folder here.</source>
        <translation>Öffnen Sie eine Thoraxaufnahme mit Datei ▸ Öffnen
oder ziehen Sie Dateien oder einen Ordner hierher.</translation>
    </message>
    <message>
        <source>manual</source>
        <translation>manuell</translation>
    </message>
</context>
<context>
    <name>chestlens::ui::HeatmapControls</name>
    <message>
        <source>Show &amp;Heatmap</source>
        <translation>&amp;Heatmap anzeigen</translation>
    </message>
    <message>
        <source>Show heatmap</source>
        <translation>Heatmap anzeigen</translation>
    </message>
    <message>
        <source>Show or hide the Grad-CAM heatmap (H)</source>
        <translation>Grad-CAM-Heatmap ein- oder ausblenden (H)</translation>
    </message>
    <message>
        <source>How the relevance is computed: Grad-CAM (standard), Grad-CAM++ (several findings), Layer-CAM (finer detail from earlier layers)</source>
        <translation>Wie die Relevanz berechnet wird: Grad-CAM (Standard), Grad-CAM++ (mehrere Befunde), Layer-CAM (feinere Details aus früheren Schichten)</translation>
    </message>
    <message>
        <source>Turbo</source>
        <translation>Turbo</translation>
    </message>
    <message>
        <source>Jet</source>
        <translation>Jet</translation>
    </message>
    <message>
        <source>Inferno</source>
        <translation>Inferno</translation>
    </message>
    <message>
        <source>Magma</source>
        <translation>Magma</translation>
    </message>
    <message>
        <source>Red</source>
        <translation>Rot</translation>
    </message>
    <message>
        <source>The class whose evidence the heatmap shows</source>
        <translation>Die Klasse, deren Evidenz die Heatmap zeigt</translation>
    </message>
    <message>
        <source>The network layer explained: later layers are coarser but more specific</source>
        <translation>Die erklärte Netzwerkschicht: Spätere Schichten sind gröber, aber spezifischer</translation>
    </message>
    <message>
        <source>Heatmap opacity</source>
        <translation>Deckkraft der Heatmap</translation>
    </message>
    <message>
        <source>Hide relevance below this share of the maximum</source>
        <translation>Relevanz unterhalb dieses Anteils am Maximum ausblenden</translation>
    </message>
    <message>
        <source>Class:</source>
        <translation>Klasse:</translation>
    </message>
    <message>
        <source>Method:</source>
        <translation>Methode:</translation>
    </message>
    <message>
        <source>Layer:</source>
        <translation>Schicht:</translation>
    </message>
    <message>
        <source>Colours:</source>
        <translation>Farben:</translation>
    </message>
    <message>
        <source>Opacity:</source>
        <translation>Deckkraft:</translation>
    </message>
    <message>
        <source>Threshold:</source>
        <translation>Schwellenwert:</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>Predicted class</source>
        <translation>Vorhergesagte Klasse</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>Standard</translation>
    </message>
    <message>
        <source>Default (%1)</source>
        <translation>Standard (%1)</translation>
    </message>
    <message>
        <source>Evidence for %1 (%2, layer %3). %4 % of the heat lies inside the chest.</source>
        <translation>Evidenz für %1 (%2, Schicht %3). %4 % der Aktivierung liegen innerhalb des Thorax.</translation>
    </message>
    <message>
        <source>Computing the heatmap…</source>
        <translation>Heatmap wird berechnet…</translation>
    </message>
    <message>
        <source>low</source>
        <translation>niedrig</translation>
    </message>
    <message>
        <source>high</source>
        <translation>hoch</translation>
    </message>
    <message>
        <source>Relevance: low (left) to high (right)</source>
        <translation>Relevanz: niedrig (links) bis hoch (rechts)</translation>
    </message>
</context>
<context>
    <name>chestlens::ui::MainWindow</name>
    <message>
        <source>ChestLens</source>
        <translation>ChestLens</translation>
    </message>
    <message>
        <source>Prediction</source>
        <translation>Vorhersage</translation>
    </message>
    <message>
        <source>Heatmap</source>
        <translation>Heatmap</translation>
    </message>
    <message>
        <source>Film information</source>
        <translation>Aufnahmeinformationen</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>Research use only — not for clinical diagnosis</source>
        <translation>Nur für Forschungszwecke — nicht für die klinische Diagnostik</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>Ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>Open &amp;Folder…</source>
        <translation>&amp;Ordner öffnen…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+O</source>
        <translation>Ctrl+Shift+O</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>Ver&amp;größern</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>Ver&amp;kleinern</translation>
    </message>
    <message>
        <source>&amp;Fit to Window</source>
        <translation>In Fenster &amp;einpassen</translation>
    </message>
    <message>
        <source>Ctrl+0</source>
        <translation>Ctrl+0</translation>
    </message>
    <message>
        <source>&amp;Actual Size (1:1)</source>
        <translation>&amp;Originalgröße (1:1)</translation>
    </message>
    <message>
        <source>&amp;Invert</source>
        <translation>&amp;Invertieren</translation>
    </message>
    <message>
        <source>&amp;Default Window</source>
        <translation>&amp;Standardfenster</translation>
    </message>
    <message>
        <source>&amp;Lung Window</source>
        <translation>&amp;Lungenfenster</translation>
    </message>
    <message>
        <source>&amp;Bone Window</source>
        <translation>&amp;Knochenfenster</translation>
    </message>
    <message>
        <source>&amp;Reset View</source>
        <translation>Ansicht &amp;zurücksetzen</translation>
    </message>
    <message>
        <source>&amp;Next Film</source>
        <translation>&amp;Nächste Aufnahme</translation>
    </message>
    <message>
        <source>&amp;Previous Film</source>
        <translation>&amp;Vorherige Aufnahme</translation>
    </message>
    <message>
        <source>Film &amp;List</source>
        <translation>Aufnahme&amp;liste</translation>
    </message>
    <message>
        <source>Ctrl+B</source>
        <translation>Ctrl+B</translation>
    </message>
    <message>
        <source>F&amp;ull Screen</source>
        <translation>Voll&amp;bild</translation>
    </message>
    <message>
        <source>&amp;Load Model…</source>
        <translation>Modell &amp;laden…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+M</source>
        <translation>Ctrl+Shift+M</translation>
    </message>
    <message>
        <source>Model &amp;Card…</source>
        <translation>Modell&amp;karte…</translation>
    </message>
    <message>
        <source>Ctrl+M</source>
        <translation>Ctrl+M</translation>
    </message>
    <message>
        <source>&amp;Train Model…</source>
        <translation>Modell &amp;trainieren…</translation>
    </message>
    <message>
        <source>Ctrl+T</source>
        <translation>Ctrl+T</translation>
    </message>
    <message>
        <source>&amp;Evaluate on Folder…</source>
        <translation>An Ordner &amp;evaluieren…</translation>
    </message>
    <message>
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
    </message>
    <message>
        <source>Export &amp;Report…</source>
        <translation>Be&amp;richt exportieren…</translation>
    </message>
    <message>
        <source>Ctrl+P</source>
        <translation>Ctrl+P</translation>
    </message>
    <message>
        <source>Export &amp;Batch Report…</source>
        <translation>&amp;Sammelbericht exportieren…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+P</source>
        <translation>Ctrl+Shift+P</translation>
    </message>
    <message>
        <source>&amp;Restore Bundled Default</source>
        <translation>&amp;Mitgeliefertes Standardmodell wiederherstellen</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts…</source>
        <translation>&amp;Tastenkürzel…</translation>
    </message>
    <message>
        <source>&amp;About ChestLens</source>
        <translation>Ü&amp;ber ChestLens</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Window/Level</source>
        <translation>&amp;Fensterung</translation>
    </message>
    <message>
        <source>&amp;Log</source>
        <translation>&amp;Protokoll</translation>
    </message>
    <message>
        <source>Ctrl+Shift+L</source>
        <translation>Ctrl+Shift+L</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Sprache</translation>
    </message>
    <message>
        <source>&amp;Model</source>
        <translation>&amp;Modell</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <source>System Default</source>
        <translation>Systemstandard</translation>
    </message>
    <message>
        <source>The new language applies when ChestLens is restarted.</source>
        <translation>Die neue Sprache wird nach einem Neustart von ChestLens wirksam.</translation>
    </message>
    <message>
        <source>Model loaded: %1</source>
        <translation>Modell geladen: %1</translation>
    </message>
    <message>
        <source>Could not load the model used last time (%1). Using the bundled default.</source>
        <translation>Das zuletzt verwendete Modell konnte nicht geladen werden (%1). Das mitgelieferte Standardmodell wird verwendet.</translation>
    </message>
    <message>
        <source>No model loaded: %1. Load one with Model ▸ Load Model…</source>
        <translation>Kein Modell geladen: %1. Laden Sie eines über Modell ▸ Modell laden…</translation>
    </message>
    <message>
        <source>Could not load the model: %1. The previous model stays in use.</source>
        <translation>Das Modell konnte nicht geladen werden: %1. Das bisherige Modell bleibt in Verwendung.</translation>
    </message>
    <message>
        <source>Cannot open %1: %2</source>
        <translation>%1 kann nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <source>No films found in %1 (looked for %2).</source>
        <translation>Keine Aufnahmen in %1 gefunden (gesucht nach %2).</translation>
    </message>
    <message>
        <source>%1: file not found</source>
        <translation>%1: Datei nicht gefunden</translation>
    </message>
    <message>
        <source>%1: not a readable folder</source>
        <translation>%1: kein lesbarer Ordner</translation>
    </message>
    <message>
        <source>Open Films</source>
        <translation>Aufnahmen öffnen</translation>
    </message>
    <message>
        <source>Chest films (%1);;All files (*)</source>
        <translation>Thoraxaufnahmen (%1);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Open Folder</source>
        <translation>Ordner öffnen</translation>
    </message>
    <message>
        <source>Load Model</source>
        <translation>Modell laden</translation>
    </message>
    <message>
        <source>ChestLens models (*.clm);;TorchScript models (*.pt *.pth);;All files (*)</source>
        <translation>ChestLens-Modelle (*.clm);;TorchScript-Modelle (*.pt *.pth);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>No model is loaded.</source>
        <translation>Es ist kein Modell geladen.</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Film</source>
        <translation>Aufnahme</translation>
    </message>
    <message>
        <source>Browsing</source>
        <translation>Navigation</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>Hilfe</translation>
    </message>
    <message>
        <source>About ChestLens</source>
        <translation>Über ChestLens</translation>
    </message>
    <message>
        <source>&lt;h3&gt;ChestLens %1&lt;/h3&gt;&lt;p&gt;Chest X-ray classification (normal, COVID-19, pneumonia, tuberculosis) with calibrated probabilities and Grad-CAM heatmaps.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Not for clinical use.&lt;/b&gt; Research use only — not for clinical diagnosis. The results have not been validated for patient care.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;ChestLens %1&lt;/h3&gt;&lt;p&gt;Klassifikation von Thorax-Röntgenaufnahmen (normal, COVID-19, Pneumonie, Tuberkulose) mit kalibrierten Wahrscheinlichkeiten und Grad-CAM-Heatmaps.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Nicht für den klinischen Einsatz.&lt;/b&gt; Nur für Forschungszwecke — nicht für die klinische Diagnostik. Die Ergebnisse wurden nicht für die Patientenversorgung validiert.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>%1 — ChestLens</source>
        <translation>%1 — ChestLens</translation>
    </message>
    <message>
        <source>%1 · %2 × %3</source>
        <translation>%1 · %2 × %3</translation>
    </message>
    <message>
        <source>Fit %1 %</source>
        <translation>Eingepasst %1 %</translation>
    </message>
    <message>
        <source>Zoom %1 %</source>
        <translation>Zoom %1 %</translation>
    </message>
    <message>
        <source>No film open</source>
        <translation>Keine Aufnahme geöffnet</translation>
    </message>
    <message>
        <source>%v of %m predicted</source>
        <translation>%v von %m vorhergesagt</translation>
    </message>
    <message>
        <source>Predicting the films of the folder in the background</source>
        <translation>Vorhersage für die Aufnahmen des Ordners läuft im Hintergrund</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>Wird bearbeitet…</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>Info</translation>
    </message>
</context>
<context>
    <name>chestlens::ui::MessageBar</name>
    <message>
        <source>Log</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>Show all messages</source>
        <translation>Alle Meldungen anzeigen</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Ausblenden</translation>
    </message>
</context>
<context>
    <name>chestlens::ui::MetadataPanel</name>
    <message>
        <source>VOI LUT</source>
        <translation>VOI-LUT</translation>
    </message>
    <message>
        <source>C %1 / W %2</source>
        <translation>C %1 / W %2</translation>
    </message>
    <message>
        <source>, inverted</source>
        <translation>, invertiert</translation>
    </message>
    <message>
        <source>Show patient information</source>
        <translation>Patientendaten anzeigen</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Feld</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Patient and study fields are identifying. They are hidden unless you choose to show them.</source>
        <translation>Patienten- und Studienfelder sind identifizierend. Sie bleiben ausgeblendet, sofern Sie sie nicht ausdrücklich einblenden.</translation>
    </message>
    <message>
        <source>No film open</source>
        <translation>Keine Aufnahme geöffnet</translation>
    </message>
    <message>
        <source>%1 × %2 mm</source>
        <translation>%1 × %2 mm</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>Bild</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>%1 × %2 px</source>
        <translation>%1 × %2 px</translation>
    </message>
    <message>
        <source>Bits stored</source>
        <translation>Gespeicherte Bits</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>Signed</source>
        <translation>Vorzeichenbehaftet</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>Photometric</source>
        <translation>Photometrische Interpretation</translation>
    </message>
    <message>
        <source>Value range</source>
        <translation>Wertebereich</translation>
    </message>
    <message>
        <source>%1 … %2</source>
        <translation>%1 … %2</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>Fenster</translation>
    </message>
    <message>
        <source>Frames</source>
        <translation>Einzelbilder</translation>
    </message>
    <message>
        <source>%1 (first shown)</source>
        <translation>%1 (erstes angezeigt)</translation>
    </message>
    <message>
        <source>DICOM</source>
        <translation>DICOM</translation>
    </message>
    <message>
        <source>Modality</source>
        <translation>Modalität</translation>
    </message>
    <message>
        <source>Body part</source>
        <translation>Körperregion</translation>
    </message>
    <message>
        <source>View position</source>
        <translation>Projektion</translation>
    </message>
    <message>
        <source>Pixel spacing</source>
        <translation>Pixelabstand</translation>
    </message>
    <message>
        <source>Imager pixel spacing</source>
        <translation>Detektor-Pixelabstand</translation>
    </message>
    <message>
        <source>Transfer syntax</source>
        <translation>Transfer-Syntax</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>SOP class</source>
        <translation>SOP-Klasse</translation>
    </message>
    <message>
        <source>Modality LUT</source>
        <translation>Modality-LUT</translation>
    </message>
    <message>
        <source>applied</source>
        <translation>angewendet</translation>
    </message>
    <message>
        <source>Rescale</source>
        <translation>Reskalierung</translation>
    </message>
    <message>
        <source>× %1 + %2 %3</source>
        <translation>× %1 + %2 %3</translation>
    </message>
    <message>
        <source>Window preset %1</source>
        <translation>Fenstervorgabe %1</translation>
    </message>
    <message>
        <source>C %1 / W %2 %3</source>
        <translation>C %1 / W %2 %3</translation>
    </message>
    <message>
        <source>present</source>
        <translation>vorhanden</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Hinweise</translation>
    </message>
    <message>
        <source>Patient and study</source>
        <translation>Patient und Studie</translation>
    </message>
    <message>
        <source>(none in this file)</source>
        <translation>(keine in dieser Datei)</translation>
    </message>
</context>
<context>
    <name>chestlens::ui::ModelCardDialog</name>
    <message>
        <source>Model Card</source>
        <translation>Modellkarte</translation>
    </message>
    <message>
        <source>Unnamed model</source>
        <translation>Unbenanntes Modell</translation>
    </message>
    <message>
        <source>A research model: its validation metrics come from public data sets and do not establish clinical performance. Not for clinical use.</source>
        <translation>Ein Forschungsmodell: Seine Validierungsmetriken stammen aus öffentlichen Datensätzen und belegen keine klinische Leistungsfähigkeit. Nicht für den klinischen Einsatz.</translation>
    </message>
</context>
<context>
    <name>chestlens::ui::ProbabilityPanel</name>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>No model loaded. Load one with Model ▸ Load model…</source>
        <translation>Kein Modell geladen. Laden Sie eines über Modell ▸ Modell laden…</translation>
    </message>
    <message>
        <source>Predicting…</source>
        <translation>Vorhersage läuft…</translation>
    </message>
    <message>
        <source>Open a film to see the class probabilities.</source>
        <translation>Öffnen Sie eine Aufnahme, um die Klassenwahrscheinlichkeiten zu sehen.</translation>
    </message>
    <message>
        <source>%1 — %2 %</source>
        <translation>%1 — %2 %</translation>
    </message>
    <message>
        <source>No prediction</source>
        <translation>Keine Vorhersage</translation>
    </message>
    <message>
        <source>Its highest probability is only %1 %, so no class clearly stands out.</source>
        <translation>Die höchste Wahrscheinlichkeit beträgt nur %1 %, daher hebt sich keine Klasse deutlich ab.</translation>
    </message>
    <message>
        <source>Slightly shifted or zoomed copies of the film change the answer.</source>
        <translation>Leicht verschobene oder vergrößerte Kopien der Aufnahme ändern das Ergebnis.</translation>
    </message>
    <message>
        <source>Caution: the model is unsure about this film. %1 Treat the result as inconclusive.</source>
        <translation>Vorsicht: Das Modell ist sich bei dieser Aufnahme unsicher. %1 Betrachten Sie das Ergebnis als nicht aussagekräftig.</translation>
    </message>
    <message>
        <source>Not applicable</source>
        <translation>Nicht anwendbar</translation>
    </message>
    <message>
        <source>The model was trained on frontal chest radiographs only; its probabilities for this image mean nothing.</source>
        <translation>Das Modell wurde nur mit frontalen Thoraxaufnahmen trainiert; seine Wahrscheinlichkeiten für dieses Bild bedeuten nichts.</translation>
    </message>
</context>
<context>
    <name>chestlens::ui::RecentFiles</name>
    <message>
        <source>%1 (folder)</source>
        <translation>%1 (Ordner)</translation>
    </message>
    <message>
        <source>No recent files</source>
        <translation>Keine zuletzt geöffneten Dateien</translation>
    </message>
    <message>
        <source>Clear list</source>
        <translation>Liste leeren</translation>
    </message>
</context>
<context>
    <name>chestlens::ui::ReliabilityPlot</name>
    <message>
        <source>Confidence (top-class probability)</source>
        <translation>Konfidenz (Wahrscheinlichkeit der Top-Klasse)</translation>
    </message>
    <message>
        <source>Accuracy in the bin</source>
        <translation>Genauigkeit im Intervall</translation>
    </message>
    <message>
        <source>After temperature scaling</source>
        <translation>Nach Temperaturskalierung</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>Vorher</translation>
    </message>
    <message>
        <source>Perfect calibration</source>
        <translation>Perfekte Kalibrierung</translation>
    </message>
    <message>
        <source>Point at a bin to read its films, accuracy and confidence.</source>
        <translation>Zeigen Sie auf ein Intervall, um Aufnahmenzahl, Genauigkeit und Konfidenz abzulesen.</translation>
    </message>
    <message>
        <source>Not temperature-scaled, T = 1 (ECE %1)</source>
        <translation>Ohne Temperaturskalierung, T = 1 (ECE %1)</translation>
    </message>
    <message>
        <source>After temperature scaling, T = %1 (ECE %2)</source>
        <translation>Nach Temperaturskalierung, T = %1 (ECE %2)</translation>
    </message>
    <message>
        <source>Before, T = 1 (ECE %1)</source>
        <translation>Vorher, T = 1 (ECE %1)</translation>
    </message>
    <message>
        <source>&lt;b&gt;Confidence %1 – %2&lt;/b&gt;</source>
        <translation>&lt;b&gt;Konfidenz %1 – %2&lt;/b&gt;</translation>
    </message>
    <message>
        <source>no films</source>
        <translation>keine Aufnahmen</translation>
    </message>
    <message numerus="yes">
        <source>%n film(s), accuracy %1, mean confidence %2 (gap %3)</source>
        <translation>
            <numerusform>%n Aufnahme, Genauigkeit %1, mittlere Konfidenz %2 (Abweichung %3)</numerusform>
            <numerusform>%n Aufnahmen, Genauigkeit %1, mittlere Konfidenz %2 (Abweichung %3)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>chestlens::ui::ReportDialog</name>
    <message>
        <source>Export Batch Report</source>
        <translation>Sammelbericht exportieren</translation>
    </message>
    <message>
        <source>Export Report</source>
        <translation>Bericht exportieren</translation>
    </message>
    <message>
        <source>%1 films from %2: a summary page, then one page per film.</source>
        <translation>%1 Aufnahmen aus %2: eine Übersichtsseite, danach eine Seite pro Aufnahme.</translation>
    </message>
    <message>
        <source>The current film, %1, with its heatmap as shown.</source>
        <translation>Die aktuelle Aufnahme, %1, mit ihrer Heatmap wie angezeigt.</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>&amp;Anonymise: no patient or study fields, films labelled &quot;Film N&quot; instead of their file names</source>
        <translation>&amp;Anonymisieren: keine Patienten- oder Studienfelder, Aufnahmen als „Film N“ statt mit ihren Dateinamen bezeichnet</translation>
    </message>
    <message>
        <source>Include &amp;patient and study fields from the DICOM header</source>
        <translation>&amp;Patienten- und Studienfelder aus dem DICOM-Header einbeziehen</translation>
    </message>
    <message>
        <source>Names, IDs, birth date, accession number, institution, physicians, dates and UIDs. Only while Anonymise is off.</source>
        <translation>Namen, IDs, Geburtsdatum, Accession Number, Einrichtung, Ärzte, Datumsangaben und UIDs. Nur wenn „Anonymisieren“ ausgeschaltet ist.</translation>
    </message>
    <message>
        <source>Findings for the batch (printed on the summary page)</source>
        <translation>Befunde für den Stapel (auf der Übersichtsseite gedruckt)</translation>
    </message>
    <message>
        <source>Findings (printed in the report&apos;s findings box)</source>
        <translation>Befunde (im Befundfeld des Berichts gedruckt)</translation>
    </message>
    <message>
        <source>&amp;Open the PDF when done</source>
        <translation>PDF nach Abschluss ö&amp;ffnen</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>&amp;Exportieren</translation>
    </message>
    <message>
        <source>Save as:</source>
        <translation>Speichern unter:</translation>
    </message>
    <message>
        <source>Page size:</source>
        <translation>Seitenformat:</translation>
    </message>
    <message>
        <source>Findings:</source>
        <translation>Befunde:</translation>
    </message>
    <message>
        <source>Save Report</source>
        <translation>Bericht speichern</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Loading the model…</source>
        <translation>Modell wird geladen…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Wird abgebrochen…</translation>
    </message>
    <message>
        <source>Written: %1 (pages: %2).</source>
        <translation>Geschrieben: %1 (Seiten: %2).</translation>
    </message>
    <message>
        <source>Left out (could not be read): %1</source>
        <translation>Ausgelassen (nicht lesbar): %1</translation>
    </message>
    <message>
        <source>Cancelled; no file was written.</source>
        <translation>Abgebrochen; es wurde keine Datei geschrieben.</translation>
    </message>
</context>
<context>
    <name>chestlens::ui::RocPlot</name>
    <message>
        <source>False positive rate (1 − specificity)</source>
        <translation>Falsch-positiv-Rate (1 − Spezifität)</translation>
    </message>
    <message>
        <source>True positive rate (sensitivity)</source>
        <translation>Richtig-positiv-Rate (Sensitivität)</translation>
    </message>
    <message>
        <source>Chance (AUROC 0.500)</source>
        <translation>Zufall (AUROC 0.500)</translation>
    </message>
    <message>
        <source>%1 (AUROC %2)</source>
        <translation>%1 (AUROC %2)</translation>
    </message>
    <message>
        <source>%1 (AUROC undefined)</source>
        <translation>%1 (AUROC nicht definiert)</translation>
    </message>
    <message>
        <source>Point at a curve to read its threshold, sensitivity and specificity.</source>
        <translation>Zeigen Sie auf eine Kurve, um Schwellenwert, Sensitivität und Spezifität abzulesen.</translation>
    </message>
    <message>
        <source>%1 when p(%1) ≥ %2</source>
        <translation>%1, wenn p(%1) ≥ %2</translation>
    </message>
    <message>
        <source>nothing called %1</source>
        <translation>nichts als %1 eingestuft</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;: TPR (sensitivity) %2, FPR %3 (specificity %4)&lt;br&gt;%5 of %6 %7 films found; %8 of %9 other films flagged</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;: TPR (Sensitivität) %2, FPR %3 (Spezifität %4)&lt;br&gt;%5 von %6 %7-Aufnahmen erkannt; %8 von %9 anderen Aufnahmen markiert</translation>
    </message>
</context>
<context>
    <name>chestlens::ui::ScreenshotRunner</name>
    <message>
        <source>the film</source>
        <translation>die Aufnahme</translation>
    </message>
    <message>
        <source>the heatmap</source>
        <translation>die Heatmap</translation>
    </message>
    <message>
        <source>the prediction</source>
        <translation>die Vorhersage</translation>
    </message>
    <message>
        <source>%1: timed out after %2 s waiting for %3</source>
        <translation>%1: Zeitüberschreitung nach %2 s beim Warten auf %3</translation>
    </message>
    <message>
        <source>%1: cannot predict, no model loaded (%2)</source>
        <translation>%1: Vorhersage nicht möglich, kein Modell geladen (%2)</translation>
    </message>
    <message>
        <source>%1: cannot write the screenshot</source>
        <translation>%1: Bildschirmfoto kann nicht geschrieben werden</translation>
    </message>
    <message>
        <source>Saved %1 (%2 × %3)</source>
        <translation>%1 gespeichert (%2 × %3)</translation>
    </message>
</context>
<context>
    <name>chestlens::ui::ShortcutsDialog</name>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source> or </source>
        <translation> oder </translation>
    </message>
    <message>
        <source>Film view (mouse)</source>
        <translation>Aufnahmeansicht (Maus)</translation>
    </message>
    <message>
        <source>Zoom around the pointer</source>
        <translation>Um den Mauszeiger zoomen</translation>
    </message>
    <message>
        <source>Wheel</source>
        <translation>Mausrad</translation>
    </message>
    <message>
        <source>Pan</source>
        <translation>Verschieben</translation>
    </message>
    <message>
        <source>Left or middle drag</source>
        <translation>Ziehen mit linker oder mittlerer Maustaste</translation>
    </message>
    <message>
        <source>Window/level (width: left–right, level: up–down)</source>
        <translation>Fensterung (Breite: links–rechts, Lage: oben–unten)</translation>
    </message>
    <message>
        <source>Right drag</source>
        <translation>Ziehen mit rechter Maustaste</translation>
    </message>
    <message>
        <source>Fit to window</source>
        <translation>In Fenster einpassen</translation>
    </message>
    <message>
        <source>Double-click</source>
        <translation>Doppelklick</translation>
    </message>
    <message>
        <source>Open films or a folder</source>
        <translation>Aufnahmen oder einen Ordner öffnen</translation>
    </message>
    <message>
        <source>Drop them on the window</source>
        <translation>Auf das Fenster ziehen</translation>
    </message>
</context>
<context>
    <name>chestlens::ui::TrainingDialog</name>
    <message>
        <source>Train a Model</source>
        <translation>Modell trainieren</translation>
    </message>
    <message>
        <source>Looking for duplicates… %1 of %2 films</source>
        <translation>Suche nach Duplikaten… %1 von %2 Aufnahmen</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>Duplicate search stopped (training runs its own).</source>
        <translation>Duplikatsuche angehalten (das Training führt eine eigene durch).</translation>
    </message>
    <message>
        <source>Preparing: %1 (%2 of %3)</source>
        <translation>Vorbereitung: %1 (%2 von %3)</translation>
    </message>
    <message>
        <source>DIR/&lt;class&gt;/&lt;image&gt;</source>
        <translation>ORDNER/&lt;Klasse&gt;/&lt;Bild&gt;</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Labelled folder:</source>
        <translation>Gelabelter Ordner:</translation>
    </message>
    <message>
        <source>Classes:</source>
        <translation>Klassen:</translation>
    </message>
    <message>
        <source>Review…</source>
        <translation>Prüfen…</translation>
    </message>
    <message>
        <source>Duplicates:</source>
        <translation>Duplikate:</translation>
    </message>
    <message>
        <source>Leave them out (recommended)</source>
        <translation>Ausschließen (empfohlen)</translation>
    </message>
    <message>
        <source>Leave duplicates and label conflicts out of training and validation. Copies of one film in both the training and the validation split inflate validation accuracy; films filed under two classes teach the model noise.</source>
        <translation>Duplikate und Label-Konflikte von Training und Validierung ausschließen. Kopien derselben Aufnahme im Trainings- und im Validierungssplit täuschen eine zu hohe Validierungsgenauigkeit vor; Aufnahmen, die unter zwei Klassen abgelegt sind, bringen dem Modell Rauschen bei.</translation>
    </message>
    <message>
        <source>Architecture:</source>
        <translation>Architektur:</translation>
    </message>
    <message>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <source>Input size:</source>
        <translation>Eingabegröße:</translation>
    </message>
    <message>
        <source>Epochs (at most):</source>
        <translation>Epochen (höchstens):</translation>
    </message>
    <message>
        <source>Batch size:</source>
        <translation>Batchgröße:</translation>
    </message>
    <message>
        <source>Learning rate:</source>
        <translation>Lernrate:</translation>
    </message>
    <message>
        <source> epochs</source>
        <translation> Epochen</translation>
    </message>
    <message>
        <source>off</source>
        <translation>aus</translation>
    </message>
    <message>
        <source>Early stopping after:</source>
        <translation>Early Stopping nach:</translation>
    </message>
    <message>
        <source>Validation fraction:</source>
        <translation>Validierungsanteil:</translation>
    </message>
    <message>
        <source>Augment</source>
        <translation>Augmentieren</translation>
    </message>
    <message>
        <source>strength </source>
        <translation>Stärke </translation>
    </message>
    <message>
        <source>Augmentation:</source>
        <translation>Augmentierung:</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>Seed:</translation>
    </message>
    <message>
        <source>model.clm</source>
        <translation>model.clm</translation>
    </message>
    <message>
        <source>Save model as:</source>
        <translation>Modell speichern unter:</translation>
    </message>
    <message>
        <source>Start Training</source>
        <translation>Training starten</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pausieren</translation>
    </message>
    <message>
        <source>Cancel Run</source>
        <translation>Lauf abbrechen</translation>
    </message>
    <message>
        <source>Choose a labelled folder to begin.</source>
        <translation>Wählen Sie einen gelabelten Ordner, um zu beginnen.</translation>
    </message>
    <message>
        <source>Results appear here when a run finishes.</source>
        <translation>Die Ergebnisse erscheinen hier, sobald ein Lauf abgeschlossen ist.</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>Validation results</source>
        <translation>Validierungsergebnisse</translation>
    </message>
    <message>
        <source>Use This Model</source>
        <translation>Dieses Modell verwenden</translation>
    </message>
    <message>
        <source>Save Curves…</source>
        <translation>Kurven speichern…</translation>
    </message>
    <message>
        <source>Labelled Folder</source>
        <translation>Gelabelter Ordner</translation>
    </message>
    <message>
        <source>Save Model As</source>
        <translation>Modell speichern unter</translation>
    </message>
    <message>
        <source>ChestLens models (*.clm)</source>
        <translation>ChestLens-Modelle (*.clm)</translation>
    </message>
    <message>
        <source>Scanning…</source>
        <translation>Wird durchsucht…</translation>
    </message>
    <message>
        <source>Waiting for the scan…</source>
        <translation>Warten auf die Durchsuchung…</translation>
    </message>
    <message>
        <source>An interrupted run left a checkpoint (%1, %2): Resume continues it.</source>
        <translation>Ein unterbrochener Lauf hat einen Checkpoint hinterlassen (%1, %2): „Fortsetzen“ setzt ihn fort.</translation>
    </message>
    <message numerus="yes">
        <source>%n film(s): %1</source>
        <translation>
            <numerusform>%n Aufnahme: %1</numerusform>
            <numerusform>%n Aufnahmen: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Very few films in %1: the model cannot learn or be validated reliably there.</source>
        <translation>Sehr wenige Aufnahmen in %1: Dort kann das Modell weder zuverlässig lernen noch zuverlässig validiert werden.</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) ignored (not images).</source>
        <translation>
            <numerusform>%n Datei ignoriert (kein Bild).</numerusform>
            <numerusform>%n Dateien ignoriert (keine Bilder).</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 exact and %2 near duplicates, %3 label conflicts (%4 films); %5 films would be left out.</source>
        <translation>%1 exakte und %2 nahezu identische Duplikate, %3 Label-Konflikte (%4 Aufnahmen); %5 Aufnahmen würden ausgeschlossen.</translation>
    </message>
    <message numerus="yes">
        <source>%n film(s) cannot be read and will be skipped.</source>
        <translation>
            <numerusform>%n Aufnahme ist nicht lesbar und wird übersprungen.</numerusform>
            <numerusform>%n Aufnahmen sind nicht lesbar und werden übersprungen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Unreadable films (skipped):
%1</source>
        <translation>Nicht lesbare Aufnahmen (übersprungen):
%1</translation>
    </message>
    <message>
        <source>
… and %1 more</source>
        <translation>
… und %1 weitere</translation>
    </message>
    <message>
        <source>%1: choose an existing labelled folder (DIR/&lt;class&gt;/&lt;image&gt;).</source>
        <translation>%1: Wählen Sie einen vorhandenen gelabelten Ordner (ORDNER/&lt;Klasse&gt;/&lt;Bild&gt;).</translation>
    </message>
    <message>
        <source>No folder</source>
        <translation>Kein Ordner</translation>
    </message>
    <message>
        <source>%1: the folder is still being scanned; try again in a moment.</source>
        <translation>%1: Der Ordner wird noch durchsucht; versuchen Sie es gleich noch einmal.</translation>
    </message>
    <message>
        <source>Choose where to save the model.</source>
        <translation>Wählen Sie, wo das Modell gespeichert werden soll.</translation>
    </message>
    <message>
        <source>%1: cannot write the model there (the folder does not exist or is read-only).</source>
        <translation>%1: Das Modell kann dort nicht geschrieben werden (der Ordner existiert nicht oder ist schreibgeschützt).</translation>
    </message>
    <message>
        <source>Replace Model?</source>
        <translation>Modell ersetzen?</translation>
    </message>
    <message>
        <source>%1 exists. Replace it when the run finishes?</source>
        <translation>%1 existiert bereits. Nach Abschluss des Laufs ersetzen?</translation>
    </message>
    <message>
        <source>%1 training %2 → %3</source>
        <translation>%1 Training %2 → %3</translation>
    </message>
    <message>
        <source>Resuming…</source>
        <translation>Wird fortgesetzt…</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Wird gestartet…</translation>
    </message>
    <message>
        <source>Cancelling: the run stops after the current batch and keeps its best epoch…</source>
        <translation>Wird abgebrochen: Der Lauf endet nach dem aktuellen Batch und behält seine beste Epoche…</translation>
    </message>
    <message>
        <source>Paused after the current batch. Resume continues where it stopped.</source>
        <translation>Nach dem aktuellen Batch pausiert. „Fortsetzen“ macht dort weiter, wo angehalten wurde.</translation>
    </message>
    <message>
        <source>Epoch %1 of at most %2 · batch %3 of %4 · %5 images/s · ETA %6 (early stopping may end it sooner)</source>
        <translation>Epoche %1 von höchstens %2 · Batch %3 von %4 · %5 Bilder/s · Restzeit %6 (Early Stopping kann den Lauf früher beenden)</translation>
    </message>
    <message>
        <source>epoch %1/%2: train loss %3 acc %4 · val loss %5 acc %6 macro-F1 %7 · %8%9</source>
        <translation>Epoche %1/%2: Trainingsverlust %3 Gen. %4 · Validierungsverlust %5 Gen. %6 Makro-F1 %7 · %8%9</translation>
    </message>
    <message>
        <source> · best so far</source>
        <translation> · bisher beste</translation>
    </message>
    <message>
        <source>Cancelled after epoch %1; the model keeps epoch %2.</source>
        <translation>Nach Epoche %1 abgebrochen; das Modell behält Epoche %2.</translation>
    </message>
    <message>
        <source>Finished after %1 epochs; the model keeps epoch %2.</source>
        <translation>Nach %1 Epochen abgeschlossen; das Modell behält Epoche %2.</translation>
    </message>
    <message>
        <source>Validation accuracy %1, macro-F1 %2, ECE %3 (before calibration %4). Saved to %5 (%6).</source>
        <translation>Validierungsgenauigkeit %1, Makro-F1 %2, ECE %3 (vor der Kalibrierung %4). Gespeichert unter %5 (%6).</translation>
    </message>
    <message>
        <source>Validation split of this run: %1 films, epoch %2, calibrated with temperature %3.</source>
        <translation>Validierungssplit dieses Laufs: %1 Aufnahmen, Epoche %2, kalibriert mit Temperatur %3.</translation>
    </message>
    <message>
        <source>Cancelled before the first epoch finished: no model was written.</source>
        <translation>Vor Abschluss der ersten Epoche abgebrochen: Es wurde kein Modell geschrieben.</translation>
    </message>
    <message>
        <source>Training failed.</source>
        <translation>Training fehlgeschlagen.</translation>
    </message>
    <message>
        <source>Stop Training?</source>
        <translation>Training beenden?</translation>
    </message>
    <message>
        <source>A training run is in progress. Stop it and close? The best epoch so far is saved to %1.</source>
        <translation>Ein Trainingslauf ist im Gange. Beenden und schließen? Die bisher beste Epoche wird unter %1 gespeichert.</translation>
    </message>
    <message>
        <source>Save Training Curves</source>
        <translation>Trainingskurven speichern</translation>
    </message>
    <message>
        <source>PNG image (*.png);;PDF document (*.pdf)</source>
        <translation>PNG-Bild (*.png);;PDF-Dokument (*.pdf)</translation>
    </message>
    <message>
        <source>Local training processes (data-parallel, gradients averaged every step). The cores are split between them; the batch size is the total over all processes.</source>
        <translation>Lokale Trainingsprozesse (datenparallel, Gradienten werden nach jedem Schritt gemittelt). Die Kerne werden auf sie aufgeteilt; die Batchgröße gilt für alle Prozesse zusammen.</translation>
    </message>
    <message>
        <source>Processes:</source>
        <translation>Prozesse:</translation>
    </message>
    <message>
        <source>1 network (no ensemble)</source>
        <translation>1 Netz (kein Ensemble)</translation>
    </message>
    <message>
        <source> networks</source>
        <translation> Netze</translation>
    </message>
    <message>
        <source>Train this many networks one after another on the same split, each from its own random start, and save them as one model that averages their probabilities: usually more accurate and better calibrated, at this many times the training and prediction time.</source>
        <translation>So viele Netze nacheinander auf demselben Split trainieren, jedes mit eigenem zufälligem Start, und als ein Modell speichern, das ihre Wahrscheinlichkeiten mittelt: meist genauer und besser kalibriert, bei entsprechend vielfacher Trainings- und Vorhersagezeit.</translation>
    </message>
    <message>
        <source>Ensemble:</source>
        <translation>Ensemble:</translation>
    </message>
    <message>
        <source>An interrupted ensemble run left its networks (%1, …): Resume with the same settings reuses the finished ones and continues the interrupted one.</source>
        <translation>Ein unterbrochener Ensemble-Lauf hat seine Netze hinterlassen (%1, …): „Fortsetzen“ mit denselben Einstellungen verwendet die fertigen wieder und setzt das unterbrochene fort.</translation>
    </message>
    <message>
        <source>An ensemble trains its networks one after another in one process: set Processes to 1.</source>
        <translation>Ein Ensemble trainiert seine Netze nacheinander in einem Prozess: Setzen Sie „Prozesse“ auf 1.</translation>
    </message>
    <message>
        <source>Network %1 of %2</source>
        <translation>Netz %1 von %2</translation>
    </message>
    <message>
        <source>Network %1 of %2 · </source>
        <translation>Netz %1 von %2 · </translation>
    </message>
    <message>
        <source>Cancelled; the model averages the networks finished so far (%1 epochs in all). Resume with the same settings continues it.</source>
        <translation>Abgebrochen; das Modell mittelt die bisher fertigen Netze (%1 Epochen insgesamt). „Fortsetzen“ mit denselben Einstellungen setzt es fort.</translation>
    </message>
    <message>
        <source>Finished: an ensemble of %1 networks (%2 epochs in all).</source>
        <translation>Abgeschlossen: ein Ensemble aus %1 Netzen (%2 Epochen insgesamt).</translation>
    </message>
    <message>
        <source>Validation split of this run: %1 films, ensemble of the networks&apos; best epochs, calibrated with temperature %2.</source>
        <translation>Validierungssplit dieses Laufs: %1 Aufnahmen, Ensemble der besten Epochen der Netze, kalibriert mit Temperatur %2.</translation>
    </message>
    <message>
        <source>Crop the central square</source>
        <translation>Mittleres Quadrat ausschneiden</translation>
    </message>
    <message>
        <source>Stretch the whole film</source>
        <translation>Ganze Aufnahme strecken</translation>
    </message>
    <message>
        <source>How a film becomes the square input. Cropping keeps the anatomy&apos;s proportions; stretching squeezes wide films, and since the width of a film often depends on its hospital (and in public data on the class), a network can learn the squeeze instead of the disease.</source>
        <translation>Wie eine Aufnahme zur quadratischen Eingabe wird. Das Ausschneiden erhält die Proportionen der Anatomie; das Strecken staucht breite Aufnahmen, und da die Breite einer Aufnahme oft vom Krankenhaus abhängt (in öffentlichen Daten auch von der Klasse), kann ein Netz die Stauchung statt der Krankheit lernen.</translation>
    </message>
    <message>
        <source>Film shape:</source>
        <translation>Bildform:</translation>
    </message>
    <message>
        <source>Random weights</source>
        <translation>Zufällige Gewichte</translation>
    </message>
    <message>
        <source>ImageNet weights (MobileNetV2)</source>
        <translation>ImageNet-Gewichte (MobileNetV2)</translation>
    </message>
    <message>
        <source>Model file…</source>
        <translation>Modelldatei…</translation>
    </message>
    <message>
        <source>Where the weights start. A model is retrained on the folder: its network and film preparation are kept; with the same classes its classifier continues, with other classes it gets a new one on the same features.</source>
        <translation>Womit die Gewichte beginnen. Ein Modell wird auf dem Ordner nachtrainiert: Netz und Filmaufbereitung bleiben erhalten; bei denselben Klassen lernt sein Klassifikator weiter, bei anderen Klassen erhält es einen neuen auf denselben Merkmalen.</translation>
    </message>
    <message>
        <source>Start from:</source>
        <translation>Beginnen mit:</translation>
    </message>
    <message>
        <source>Train only the classifier (freeze the pretrained layers)</source>
        <translation>Nur den Klassifikator trainieren (vortrainierte Schichten einfrieren)</translation>
    </message>
    <message>
        <source>For a few dozen films: the pretrained features stay as they are.</source>
        <translation>Für wenige Dutzend Filme: die vortrainierten Merkmale bleiben unverändert.</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>automatisch</translation>
    </message>
    <message>
        <source>Pretrained layers&apos; rate:</source>
        <translation>Rate der vortrainierten Schichten:</translation>
    </message>
    <message>
        <source>Start from Model</source>
        <translation>Mit Modell beginnen</translation>
    </message>
    <message>
        <source>Retrain %1</source>
        <translation>%1 nachtrainieren</translation>
    </message>
</context>
<context>
    <name>chestlens::ui::TrainingPlots</name>
    <message>
        <source>loss</source>
        <translation>Verlust</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>Genauigkeit</translation>
    </message>
    <message>
        <source>training (per batch)</source>
        <translation>Training (pro Batch)</translation>
    </message>
    <message>
        <source>training (smoothed)</source>
        <translation>Training (geglättet)</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>Validierung</translation>
    </message>
    <message>
        <source>Hover over a plot to read its values.</source>
        <translation>Bewegen Sie den Mauszeiger über ein Diagramm, um dessen Werte abzulesen.</translation>
    </message>
    <message>
        <source>best: epoch %1</source>
        <translation>beste: Epoche %1</translation>
    </message>
    <message>
        <source>epoch %1: training %2 %3 (smoothed)</source>
        <translation>Epoche %1: Training %2 %3 (geglättet)</translation>
    </message>
    <message>
        <source>after epoch %1: validation %2 %3</source>
        <translation>nach Epoche %1: Validierung %2 %3</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>ChestLens chest X-ray viewer (research use only, not for clinical diagnosis).</source>
        <translation>ChestLens-Betrachter für Thorax-Röntgenaufnahmen (nur für Forschungszwecke, nicht für die klinische Diagnostik).</translation>
    </message>
    <message>
        <source>Films or folders to open.</source>
        <translation>Zu öffnende Aufnahmen oder Ordner.</translation>
    </message>
    <message>
        <source>Open FILE, wait for its prediction and heatmap, save a picture of the window to OUT.png and exit.</source>
        <translation>FILE öffnen, auf Vorhersage und Heatmap warten, ein Bild des Fensters als OUT.png speichern und beenden.</translation>
    </message>
    <message>
        <source>Show the heatmap (default: on).</source>
        <translation>Heatmap anzeigen (Standard: on).</translation>
    </message>
    <message>
        <source>Model file to use instead of the default.</source>
        <translation>Modelldatei, die anstelle des Standardmodells verwendet wird.</translation>
    </message>
    <message>
        <source>Window size (default for screenshots: 1280x800).</source>
        <translation>Fenstergröße (Standard für Bildschirmfotos: 1280x800).</translation>
    </message>
    <message>
        <source>Seconds --screenshot waits before failing (default: %1).</source>
        <translation>Sekunden, die --screenshot wartet, bevor es fehlschlägt (Standard: %1).</translation>
    </message>
    <message>
        <source>--heatmap takes &apos;on&apos; or &apos;off&apos;, not &apos;%1&apos;</source>
        <translation>--heatmap akzeptiert &apos;on&apos; oder &apos;off&apos;, nicht &apos;%1&apos;</translation>
    </message>
    <message>
        <source>--window-size takes WIDTHxHEIGHT, e.g. 1920x1080</source>
        <translation>--window-size erwartet BREITExHÖHE, z. B. 1920x1080</translation>
    </message>
    <message>
        <source>--timeout takes a positive number of seconds</source>
        <translation>--timeout erwartet eine positive Anzahl von Sekunden</translation>
    </message>
    <message>
        <source>--screenshot needs exactly one FILE</source>
        <translation>--screenshot benötigt genau ein FILE-Argument</translation>
    </message>
</context>
</TS>
