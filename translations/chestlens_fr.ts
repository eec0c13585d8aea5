<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
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
        <translation>Tuberculose</translation>
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
        <translation>époque</translation>
    </message>
</context>
<context>
    <name>WindowPresets</name>
    <message>
        <source>lung</source>
        <translation>poumon</translation>
    </message>
    <message>
        <source>bone</source>
        <translation>os</translation>
    </message>
    <message>
        <source>default: %1</source>
        <translation>par défaut : %1</translation>
    </message>
    <message>
        <source>file</source>
        <translation>fichier</translation>
    </message>
    <message>
        <source>DICOM preset %1</source>
        <translation>préréglage DICOM %1</translation>
    </message>
</context>
<context>
    <name>chestlens::ui::ApplicabilityBanner</name>
    <message>
        <source>Show anyway</source>
        <translation>Afficher quand même</translation>
    </message>
    <message>
        <source>Show the probabilities and the heatmap although the model was not made for this image. They mean nothing here.</source>
        <translation>Afficher les probabilités et la carte de chaleur bien que le modèle ne soit pas fait pour cette image. Elles ne signifient rien ici.</translation>
    </message>
    <message>
        <source>Hide again</source>
        <translation>Masquer à nouveau</translation>
    </message>
    <message>
        <source>lateral view</source>
        <translation>vue de profil</translation>
    </message>
    <message>
        <source>far from the training films</source>
        <translation>loin des clichés d&apos;entraînement</translation>
    </message>
    <message>
        <source>no two lung fields found</source>
        <translation>pas deux champs pulmonaires trouvés</translation>
    </message>
    <message>
        <source>This does not look like a frontal chest radiograph: %1.</source>
        <translation>Ceci ne ressemble pas à une radiographie thoracique de face&#xa0;: %1.</translation>
    </message>
    <message>
        <source>(Distance from the training films %1; films above %2 are refused.)</source>
        <translation>(Distance aux clichés d&apos;entraînement %1&#xa0;; les clichés au-dessus de %2 sont refusés.)</translation>
    </message>
    <message>
        <source>The probabilities are greyed out and the heatmap is off.</source>
        <translation>Les probabilités sont grisées et la carte de chaleur est désactivée.</translation>
    </message>
</context>
<context>
    <name>chestlens::ui::ConfusionMatrixWidget</name>
    <message>
        <source>%1 % of the %2 %3 films</source>
        <translation>%1 % des %2 clichés %3</translation>
    </message>
    <message>
        <source>no %1 films in this data</source>
        <translation>aucun cliché %1 dans ces données</translation>
    </message>
    <message>
        <source>correct</source>
        <translation>correct</translation>
    </message>
    <message>
        <source>mistaken for %1</source>
        <translation>confondu avec %1</translation>
    </message>
    <message numerus="yes">
        <source>True %1, predicted %2: %n film(s) (%3; %4)</source>
        <translation>
            <numerusform>Classe réelle %1, prédite %2&#xa0;: %n cliché (%3&#xa0;; %4)</numerusform>
            <numerusform>Classe réelle %1, prédite %2&#xa0;: %n clichés (%3&#xa0;; %4)</numerusform>
        </translation>
    </message>
    <message>
        <source>No evaluation yet</source>
        <translation>Aucune évaluation pour l&apos;instant</translation>
    </message>
    <message>
        <source>Predicted class</source>
        <translation>Classe prédite</translation>
    </message>
    <message>
        <source>True class</source>
        <translation>Classe réelle</translation>
    </message>
</context>
<context>
    <name>chestlens::ui::DuplicateReviewDialog</name>
    <message>
        <source>Duplicates and Label Conflicts</source>
        <translation>Doublons et conflits d&apos;étiquettes</translation>
    </message>
    <message>
        <source>label conflict</source>
        <translation>conflit d&apos;étiquettes</translation>
    </message>
    <message>
        <source>exact copies</source>
        <translation>copies exactes</translation>
    </message>
    <message>
        <source>near copies</source>
        <translation>quasi-copies</translation>
    </message>
    <message numerus="yes">
        <source>%1 · %n film(s) · %2</source>
        <translation>
            <numerusform>%1 · %n cliché · %2</numerusform>
            <numerusform>%1 · %n clichés · %2</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 exact and %2 near duplicates; %3 groups whose films carry different labels. By default training keeps the largest film of each group and leaves label conflicts out entirely.</source>
        <translation>%1 doublons exacts et %2 quasi-doublons&#xa0;; %3 groupes dont les clichés portent des étiquettes différentes. Par défaut, l&apos;entraînement conserve le plus grand cliché de chaque groupe et exclut entièrement les conflits d&apos;étiquettes.</translation>
    </message>
    <message>
        <source>left out (label conflict)</source>
        <translation>exclu (conflit d&apos;étiquettes)</translation>
    </message>
    <message>
        <source>kept for training</source>
        <translation>conservé pour l&apos;entraînement</translation>
    </message>
    <message>
        <source>left out</source>
        <translation>exclu</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2&lt;br&gt;%3</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2&lt;br&gt;%3</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Chargement…</translation>
    </message>
    <message>
        <source>cannot be read</source>
        <translation>illisible</translation>
    </message>
    <message numerus="yes">
        <source>%n more film(s) in this group.</source>
        <translation>
            <numerusform>%n autre cliché dans ce groupe.</numerusform>
            <numerusform>%n autres clichés dans ce groupe.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>chestlens::ui::EvaluationDialog</name>
    <message>
        <source>Evaluate Model on Folder</source>
        <translation>Évaluer le modèle sur un dossier</translation>
    </message>
    <message>
        <source>A folder with one sub-folder of films per class, e.g. DIR/covid/…</source>
        <translation>Un dossier contenant un sous-dossier de clichés par classe, p. ex. DOSSIER/covid/…</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Parcourir…</translation>
    </message>
    <message>
        <source>The bundled default model</source>
        <translation>Le modèle par défaut intégré</translation>
    </message>
    <message>
        <source>Labelled &amp;folder:</source>
        <translation>&amp;Dossier étiqueté&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>&amp;Modèle&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>&amp;Exécuter</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Evaluation cancelled; nothing was changed.</source>
        <translation>Évaluation annulée&#xa0;; rien n&apos;a été modifié.</translation>
    </message>
    <message>
        <source>Choose a labelled folder and press Run. Each film&apos;s class is the name of its sub-folder; the names must be classes of the model.</source>
        <translation>Choisissez un dossier étiqueté et cliquez sur Exécuter. La classe de chaque cliché est le nom de son sous-dossier&#xa0;; ces noms doivent être des classes du modèle.</translation>
    </message>
    <message>
        <source>Choose a labelled folder first.</source>
        <translation>Choisissez d&apos;abord un dossier étiqueté.</translation>
    </message>
    <message>
        <source>Loading the model and scanning %1…</source>
        <translation>Chargement du modèle et analyse de %1…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Annulation…</translation>
    </message>
    <message>
        <source>Labelled Folder</source>
        <translation>Dossier étiqueté</translation>
    </message>
    <message>
        <source>Model to Evaluate</source>
        <translation>Modèle à évaluer</translation>
    </message>
    <message>
        <source>Models (*.clm *.pt *.pth *.ts);;ChestLens models (*.clm);;TorchScript archives (*.pt *.pth *.ts);;All files (*)</source>
        <translation>Modèles (*.clm *.pt *.pth *.ts);;Modèles ChestLens (*.clm);;Archives TorchScript (*.pt *.pth *.ts);;Tous les fichiers (*)</translation>
    </message>
    <message numerus="yes">
        <source>Running the model on %n film(s)…</source>
        <translation>
            <numerusform>Exécution du modèle sur %n cliché…</numerusform>
            <numerusform>Exécution du modèle sur %n clichés…</numerusform>
        </translation>
    </message>
    <message>
        <source>Reading films: %v / %m</source>
        <translation>Lecture des clichés&#xa0;: %v / %m</translation>
    </message>
    <message numerus="yes">
        <source>Evaluated %n film(s) of %1 classes in %2 s.</source>
        <translation>
            <numerusform>%n cliché de %1 classes évalué en %2 s.</numerusform>
            <numerusform>%n clichés de %1 classes évalués en %2 s.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n film(s) could not be read and were left out: %1</source>
        <translation>
            <numerusform>%n cliché n&apos;a pas pu être lu et a été exclu&#xa0;: %1</numerusform>
            <numerusform>%n clichés n&apos;ont pas pu être lus et ont été exclus&#xa0;: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n film(s) the model may not judge were left out (see the tooltip).</source>
        <translation>
            <numerusform>%n cliché que le modèle ne peut pas juger a été exclu (voir l&apos;infobulle).</numerusform>
            <numerusform>%n clichés que le modèle ne peut pas juger ont été exclus (voir l&apos;infobulle).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>chestlens::ui::EvaluationView</name>
    <message>
        <source>&lt;b&gt;Confusion matrix&lt;/b&gt; — rows: true class, columns: predicted; colour: share of the row</source>
        <translation>&lt;b&gt;Matrice de confusion&lt;/b&gt; — lignes&#xa0;: classe réelle, colonnes&#xa0;: classe prédite&#xa0;; couleur&#xa0;: part de la ligne</translation>
    </message>
    <message>
        <source>Point at a cell to read it.</source>
        <translation>Survolez une cellule pour lire sa valeur.</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Classe</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>Précision</translation>
    </message>
    <message>
        <source>Recall</source>
        <translation>Rappel</translation>
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
        <translation>Effectif</translation>
    </message>
    <message>
        <source>ROC curves</source>
        <translation>Courbes ROC</translation>
    </message>
    <message>
        <source>Reliability</source>
        <translation>Fiabilité</translation>
    </message>
    <message>
        <source>Save Plots…</source>
        <translation>Enregistrer les graphiques…</translation>
    </message>
    <message>
        <source>Confusion matrix, ROC curves and reliability diagram as PNG or PDF files</source>
        <translation>Matrice de confusion, courbes ROC et diagramme de fiabilité en fichiers PNG ou PDF</translation>
    </message>
    <message>
        <source>Save Metrics…</source>
        <translation>Enregistrer les métriques…</translation>
    </message>
    <message>
        <source>All metrics as JSON, or the per-class table as CSV</source>
        <translation>Toutes les métriques en JSON, ou le tableau par classe en CSV</translation>
    </message>
    <message>
        <source>No evaluation yet.</source>
        <translation>Aucune évaluation pour l&apos;instant.</translation>
    </message>
    <message>
        <source>%1 labels but %2 probability rows</source>
        <translation>%1 étiquettes mais %2 lignes de probabilités</translation>
    </message>
    <message>
        <source>Per-film scores could not be used: %1</source>
        <translation>Les scores par cliché n&apos;ont pas pu être utilisés&#xa0;: %1</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%1 sur %2</translation>
    </message>
    <message>
        <source>&lt;b&gt;n = %1&lt;/b&gt; films</source>
        <translation>&lt;b&gt;n = %1&lt;/b&gt; clichés</translation>
    </message>
    <message>
        <source>accuracy &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>exactitude &lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <source>macro-F1 &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>macro-F1 &lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <source>ECE &lt;b&gt;%1&lt;/b&gt; before → &lt;b&gt;%2&lt;/b&gt; after temperature scaling (T = %3)</source>
        <translation>ECE &lt;b&gt;%1&lt;/b&gt; avant → &lt;b&gt;%2&lt;/b&gt; après calibration par température (T = %3)</translation>
    </message>
    <message>
        <source>ECE &lt;b&gt;%1&lt;/b&gt; (calibrated, T = %2)</source>
        <translation>ECE &lt;b&gt;%1&lt;/b&gt; (calibré, T = %2)</translation>
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
        <translation>Non défini&#xa0;: cette classe n&apos;a aucun positif ou aucun négatif dans les données</translation>
    </message>
    <message>
        <source>Macro average</source>
        <translation>Moyenne macro</translation>
    </message>
    <message>
        <source>Unweighted mean of the per-class F1 scores</source>
        <translation>Moyenne non pondérée des scores F1 par classe</translation>
    </message>
    <message>
        <source>Mean of the defined per-class AUROCs</source>
        <translation>Moyenne des AUROC par classe qui sont définies</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>Exactitude</translation>
    </message>
    <message>
        <source>Fraction of films whose top class is right</source>
        <translation>Proportion de clichés dont la classe la plus probable est correcte</translation>
    </message>
    <message>
        <source>Curves need each film&apos;s scores, and these metrics come without them. Evaluate the model on a labelled folder (Model ▸ Evaluate on Folder…) to see them.</source>
        <translation>Les courbes nécessitent les scores de chaque cliché, et ces métriques n&apos;en contiennent pas. Évaluez le modèle sur un dossier étiqueté (Modèle ▸ Évaluer sur un dossier…) pour les afficher.</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1&#xa0;: %2</translation>
    </message>
    <message>
        <source>AUROC per class (one-vs-rest): %1.

%2</source>
        <translation>AUROC par classe (un contre tous)&#xa0;: %1.

%2</translation>
    </message>
    <message>
        <source>Expected calibration error: %1 before, %2 after temperature scaling (T = %3).</source>
        <translation>Erreur de calibration attendue&#xa0;: %1 avant, %2 après calibration par température (T = %3).</translation>
    </message>
    <message>
        <source>Expected calibration error: %1 (T = %2).</source>
        <translation>Erreur de calibration attendue&#xa0;: %1 (T = %2).</translation>
    </message>
    <message>
        <source>%1: nothing to save, no evaluation is shown</source>
        <translation>%1&#xa0;: rien à enregistrer, aucune évaluation n&apos;est affichée</translation>
    </message>
    <message>
        <source>%1: choose a .png or .pdf file name</source>
        <translation>%1&#xa0;: choisissez un nom de fichier .png ou .pdf</translation>
    </message>
    <message>
        <source>JSON, all metrics (*.json)</source>
        <translation>JSON, toutes les métriques (*.json)</translation>
    </message>
    <message>
        <source>CSV, per-class table (*.csv)</source>
        <translation>CSV, tableau par classe (*.csv)</translation>
    </message>
    <message>
        <source>Save Metrics</source>
        <translation>Enregistrer les métriques</translation>
    </message>
    <message>
        <source>Metrics saved to %1</source>
        <translation>Métriques enregistrées dans %1</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>Images PNG (*.png)</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>Documents PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Save Plots (one file per plot)</source>
        <translation>Enregistrer les graphiques (un fichier par graphique)</translation>
    </message>
    <message>
        <source>Written before the failure: %1</source>
        <translation>Fichiers écrits avant l&apos;échec&#xa0;: %1</translation>
    </message>
    <message>
        <source>Save Plots</source>
        <translation>Enregistrer les graphiques</translation>
    </message>
    <message>
        <source>Plots saved: %1</source>
        <translation>Graphiques enregistrés&#xa0;: %1</translation>
    </message>
    <message numerus="yes">
        <source>On %n film(s), a perfectly calibrated model would measure about %1 by chance alone.</source>
        <translation>
            <numerusform>Sur %n cliché, un modèle parfaitement calibré mesurerait environ %1 par le seul hasard.</numerusform>
            <numerusform>Sur %n clichés, un modèle parfaitement calibré mesurerait environ %1 par le seul hasard.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>chestlens::ui::FilmBrowser</name>
    <message>
        <source>No folder open</source>
        <translation>Aucun dossier ouvert</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>Lecture de %1…</translation>
    </message>
    <message numerus="yes">
        <source>%n film(s)</source>
        <translation>
            <numerusform>%n cliché</numerusform>
            <numerusform>%n clichés</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 — %n film(s)</source>
        <translation>
            <numerusform>%1 — %n cliché</numerusform>
            <numerusform>%1 — %n clichés</numerusform>
        </translation>
    </message>
    <message>
        <source>cannot be read</source>
        <translation>illisible</translation>
    </message>
    <message>
        <source>%1 · %2 %</source>
        <translation>%1 · %2 %</translation>
    </message>
    <message>
        <source>The model is unsure about this film.</source>
        <translation>Le modèle est incertain pour ce cliché.</translation>
    </message>
    <message>
        <source>not applicable</source>
        <translation>non applicable</translation>
    </message>
</context>
<context>
    <name>chestlens::ui::FilmView</name>
    <message>
        <source>Open a chest film with File ▸ Open,
or drop files or a folder here.</source>
        <translation>Ouvrez une radiographie thoracique avec Fichier ▸ Ouvrir,
ou déposez ici des fichiers ou un dossier.</translation>
    </message>
    <message>
        <source>manual</source>
        <translation>manuelle</translation>
    </message>
</context>
<context>
    <name>chestlens::ui::HeatmapControls</name>
    <message>
        <source>Show &amp;Heatmap</source>
        <translation>Afficher la carte de c&amp;haleur</translation>
    </message>
    <message>
        <source>Show heatmap</source>
        <translation>Afficher la carte de chaleur</translation>
    </message>
    <message>
        <source>Show or hide the Grad-CAM heatmap (H)</source>
        <translation>Afficher ou masquer la carte de chaleur Grad-CAM (H)</translation>
    </message>
    <message>
        <source>How the relevance is computed: Grad-CAM (standard), Grad-CAM++ (several findings), Layer-CAM (finer detail from earlier layers)</source>
        <translation>Mode de calcul de la pertinence&#xa0;: Grad-CAM (standard), Grad-CAM++ (plusieurs anomalies), Layer-CAM (détails plus fins issus des couches antérieures)</translation>
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
        <translation>Rouge</translation>
    </message>
    <message>
        <source>The class whose evidence the heatmap shows</source>
        <translation>La classe dont la carte de chaleur montre les indices</translation>
    </message>
    <message>
        <source>The network layer explained: later layers are coarser but more specific</source>
        <translation>La couche du réseau expliquée&#xa0;: les couches plus profondes sont plus grossières mais plus spécifiques</translation>
    </message>
    <message>
        <source>Heatmap opacity</source>
        <translation>Opacité de la carte de chaleur</translation>
    </message>
    <message>
        <source>Hide relevance below this share of the maximum</source>
        <translation>Masquer la pertinence inférieure à cette part du maximum</translation>
    </message>
    <message>
        <source>Class:</source>
        <translation>Classe&#xa0;:</translation>
    </message>
    <message>
        <source>Method:</source>
        <translation>Méthode&#xa0;:</translation>
    </message>
    <message>
        <source>Layer:</source>
        <translation>Couche&#xa0;:</translation>
    </message>
    <message>
        <source>Colours:</source>
        <translation>Couleurs&#xa0;:</translation>
    </message>
    <message>
        <source>Opacity:</source>
        <translation>Opacité&#xa0;:</translation>
    </message>
    <message>
        <source>Threshold:</source>
        <translation>Seuil&#xa0;:</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>Predicted class</source>
        <translation>Classe prédite</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>Par défaut</translation>
    </message>
    <message>
        <source>Default (%1)</source>
        <translation>Par défaut (%1)</translation>
    </message>
    <message>
        <source>Evidence for %1 (%2, layer %3). %4 % of the heat lies inside the chest.</source>
        <translation>Indices en faveur de %1 (%2, couche %3). %4 % de la chaleur se situe à l&apos;intérieur du thorax.</translation>
    </message>
    <message>
        <source>Computing the heatmap…</source>
        <translation>Calcul de la carte de chaleur…</translation>
    </message>
    <message>
        <source>low</source>
        <translation>faible</translation>
    </message>
    <message>
        <source>high</source>
        <translation>élevée</translation>
    </message>
    <message>
        <source>Relevance: low (left) to high (right)</source>
        <translation>Pertinence&#xa0;: de faible (à gauche) à élevée (à droite)</translation>
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
        <translation>Prédiction</translation>
    </message>
    <message>
        <source>Heatmap</source>
        <translation>Carte de chaleur</translation>
    </message>
    <message>
        <source>Film information</source>
        <translation>Informations sur le cliché</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Journal</translation>
    </message>
    <message>
        <source>Research use only — not for clinical diagnosis</source>
        <translation>Usage réservé à la recherche — pas pour le diagnostic clinique</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>&amp;Ouvrir…</translation>
    </message>
    <message>
        <source>Open &amp;Folder…</source>
        <translation>Ouvrir un &amp;dossier…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+O</source>
        <translation>Ctrl+Shift+O</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>Zoom a&amp;vant</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>Zoom a&amp;rrière</translation>
    </message>
    <message>
        <source>&amp;Fit to Window</source>
        <translation>&amp;Ajuster à la fenêtre</translation>
    </message>
    <message>
        <source>Ctrl+0</source>
        <translation>Ctrl+0</translation>
    </message>
    <message>
        <source>&amp;Actual Size (1:1)</source>
        <translation>&amp;Taille réelle (1:1)</translation>
    </message>
    <message>
        <source>&amp;Invert</source>
        <translation>&amp;Inverser</translation>
    </message>
    <message>
        <source>&amp;Default Window</source>
        <translation>Fenêtre par &amp;défaut</translation>
    </message>
    <message>
        <source>&amp;Lung Window</source>
        <translation>Fenêtre &amp;pulmonaire</translation>
    </message>
    <message>
        <source>&amp;Bone Window</source>
        <translation>Fenêtre &amp;osseuse</translation>
    </message>
    <message>
        <source>&amp;Reset View</source>
        <translation>Réinitiali&amp;ser la vue</translation>
    </message>
    <message>
        <source>&amp;Next Film</source>
        <translation>Cliché suiva&amp;nt</translation>
    </message>
    <message>
        <source>&amp;Previous Film</source>
        <translation>Cliché &amp;précédent</translation>
    </message>
    <message>
        <source>Film &amp;List</source>
        <translation>&amp;Liste des clichés</translation>
    </message>
    <message>
        <source>Ctrl+B</source>
        <translation>Ctrl+B</translation>
    </message>
    <message>
        <source>F&amp;ull Screen</source>
        <translation>Plein é&amp;cran</translation>
    </message>
    <message>
        <source>&amp;Load Model…</source>
        <translation>&amp;Charger un modèle…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+M</source>
        <translation>Ctrl+Shift+M</translation>
    </message>
    <message>
        <source>Model &amp;Card…</source>
        <translation>&amp;Fiche du modèle…</translation>
    </message>
    <message>
        <source>Ctrl+M</source>
        <translation>Ctrl+M</translation>
    </message>
    <message>
        <source>&amp;Train Model…</source>
        <translation>&amp;Entraîner un modèle…</translation>
    </message>
    <message>
        <source>Ctrl+T</source>
        <translation>Ctrl+T</translation>
    </message>
    <message>
        <source>&amp;Evaluate on Folder…</source>
        <translation>É&amp;valuer sur un dossier…</translation>
    </message>
    <message>
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
    </message>
    <message>
        <source>Export &amp;Report…</source>
        <translation>Exporter le ra&amp;pport…</translation>
    </message>
    <message>
        <source>Ctrl+P</source>
        <translation>Ctrl+P</translation>
    </message>
    <message>
        <source>Export &amp;Batch Report…</source>
        <translation>Exporter un rapport de &amp;lot…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+P</source>
        <translation>Ctrl+Shift+P</translation>
    </message>
    <message>
        <source>&amp;Restore Bundled Default</source>
        <translation>&amp;Rétablir le modèle par défaut intégré</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts…</source>
        <translation>&amp;Raccourcis clavier…</translation>
    </message>
    <message>
        <source>&amp;About ChestLens</source>
        <translation>À &amp;propos de ChestLens</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>Fichiers &amp;récents</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Affichage</translation>
    </message>
    <message>
        <source>&amp;Window/Level</source>
        <translation>&amp;Fenêtrage</translation>
    </message>
    <message>
        <source>&amp;Log</source>
        <translation>&amp;Journal</translation>
    </message>
    <message>
        <source>Ctrl+Shift+L</source>
        <translation>Ctrl+Shift+L</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>Lan&amp;gue</translation>
    </message>
    <message>
        <source>&amp;Model</source>
        <translation>&amp;Modèle</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Ai&amp;de</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>À propos de &amp;Qt</translation>
    </message>
    <message>
        <source>System Default</source>
        <translation>Langue du système</translation>
    </message>
    <message>
        <source>The new language applies when ChestLens is restarted.</source>
        <translation>La nouvelle langue sera appliquée au redémarrage de ChestLens.</translation>
    </message>
    <message>
        <source>Model loaded: %1</source>
        <translation>Modèle chargé&#xa0;: %1</translation>
    </message>
    <message>
        <source>Could not load the model used last time (%1). Using the bundled default.</source>
        <translation>Impossible de charger le modèle utilisé la dernière fois (%1). Utilisation du modèle par défaut intégré.</translation>
    </message>
    <message>
        <source>No model loaded: %1. Load one with Model ▸ Load Model…</source>
        <translation>Aucun modèle chargé&#xa0;: %1. Chargez-en un avec Modèle ▸ Charger un modèle…</translation>
    </message>
    <message>
        <source>Could not load the model: %1. The previous model stays in use.</source>
        <translation>Impossible de charger le modèle&#xa0;: %1. Le modèle précédent reste utilisé.</translation>
    </message>
    <message>
        <source>Cannot open %1: %2</source>
        <translation>Impossible d&apos;ouvrir %1&#xa0;: %2</translation>
    </message>
    <message>
        <source>No films found in %1 (looked for %2).</source>
        <translation>Aucun cliché trouvé dans %1 (types recherchés&#xa0;: %2).</translation>
    </message>
    <message>
        <source>%1: file not found</source>
        <translation>%1&#xa0;: fichier introuvable</translation>
    </message>
    <message>
        <source>%1: not a readable folder</source>
        <translation>%1&#xa0;: dossier inexistant ou illisible</translation>
    </message>
    <message>
        <source>Open Films</source>
        <translation>Ouvrir des clichés</translation>
    </message>
    <message>
        <source>Chest films (%1);;All files (*)</source>
        <translation>Radiographies thoraciques (%1);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>Open Folder</source>
        <translation>Ouvrir un dossier</translation>
    </message>
    <message>
        <source>Load Model</source>
        <translation>Charger un modèle</translation>
    </message>
    <message>
        <source>ChestLens models (*.clm);;TorchScript models (*.pt *.pth);;All files (*)</source>
        <translation>Modèles ChestLens (*.clm);;Modèles TorchScript (*.pt *.pth);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>No model is loaded.</source>
        <translation>Aucun modèle n&apos;est chargé.</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Fichier</translation>
    </message>
    <message>
        <source>Film</source>
        <translation>Cliché</translation>
    </message>
    <message>
        <source>Browsing</source>
        <translation>Navigation</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modèle</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>Aide</translation>
    </message>
    <message>
        <source>About ChestLens</source>
        <translation>À propos de ChestLens</translation>
    </message>
    <message>
        <source>&lt;h3&gt;ChestLens %1&lt;/h3&gt;&lt;p&gt;Chest X-ray classification (normal, COVID-19, pneumonia, tuberculosis) with calibrated probabilities and Grad-CAM heatmaps.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Not for clinical use.&lt;/b&gt; Research use only — not for clinical diagnosis. The results have not been validated for patient care.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;ChestLens %1&lt;/h3&gt;&lt;p&gt;Classification de radiographies thoraciques (normale, COVID-19, pneumonie, tuberculose) avec probabilités calibrées et cartes de chaleur Grad-CAM.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Pas pour un usage clinique.&lt;/b&gt; Usage réservé à la recherche — pas pour le diagnostic clinique. Les résultats n&apos;ont pas été validés pour la prise en charge des patients.&lt;/p&gt;</translation>
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
        <translation>Ajusté %1 %</translation>
    </message>
    <message>
        <source>Zoom %1 %</source>
        <translation>Zoom %1 %</translation>
    </message>
    <message>
        <source>No film open</source>
        <translation>Aucun cliché ouvert</translation>
    </message>
    <message>
        <source>%v of %m predicted</source>
        <translation>%v sur %m prédits</translation>
    </message>
    <message>
        <source>Predicting the films of the folder in the background</source>
        <translation>Prédiction des clichés du dossier en arrière-plan</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>Traitement en cours…</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Erreur</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Avertissement</translation>
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
        <translation>Journal</translation>
    </message>
    <message>
        <source>Show all messages</source>
        <translation>Afficher tous les messages</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Fermer</translation>
    </message>
</context>
<context>
    <name>chestlens::ui::MetadataPanel</name>
    <message>
        <source>VOI LUT</source>
        <translation>VOI LUT</translation>
    </message>
    <message>
        <source>C %1 / W %2</source>
        <translation>C %1 / L %2</translation>
    </message>
    <message>
        <source>, inverted</source>
        <translation>, inversée</translation>
    </message>
    <message>
        <source>Show patient information</source>
        <translation>Afficher les informations du patient</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Champ</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Valeur</translation>
    </message>
    <message>
        <source>Patient and study fields are identifying. They are hidden unless you choose to show them.</source>
        <translation>Les champs patient et étude sont identifiants. Ils sont masqués, sauf si vous choisissez de les afficher.</translation>
    </message>
    <message>
        <source>No film open</source>
        <translation>Aucun cliché ouvert</translation>
    </message>
    <message>
        <source>%1 × %2 mm</source>
        <translation>%1 × %2 mm</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>Image</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Fichier</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Taille</translation>
    </message>
    <message>
        <source>%1 × %2 px</source>
        <translation>%1 × %2 px</translation>
    </message>
    <message>
        <source>Bits stored</source>
        <translation>Bits stockés</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 sur %2</translation>
    </message>
    <message>
        <source>Signed</source>
        <translation>Signé</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>oui</translation>
    </message>
    <message>
        <source>Photometric</source>
        <translation>Interprétation photométrique</translation>
    </message>
    <message>
        <source>Value range</source>
        <translation>Plage de valeurs</translation>
    </message>
    <message>
        <source>%1 … %2</source>
        <translation>%1 … %2</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>Fenêtre</translation>
    </message>
    <message>
        <source>Frames</source>
        <translation>Trames</translation>
    </message>
    <message>
        <source>%1 (first shown)</source>
        <translation>%1 (la première est affichée)</translation>
    </message>
    <message>
        <source>DICOM</source>
        <translation>DICOM</translation>
    </message>
    <message>
        <source>Modality</source>
        <translation>Modalité</translation>
    </message>
    <message>
        <source>Body part</source>
        <translation>Région anatomique</translation>
    </message>
    <message>
        <source>View position</source>
        <translation>Incidence</translation>
    </message>
    <message>
        <source>Pixel spacing</source>
        <translation>Espacement des pixels</translation>
    </message>
    <message>
        <source>Imager pixel spacing</source>
        <translation>Espacement des pixels du détecteur</translation>
    </message>
    <message>
        <source>Transfer syntax</source>
        <translation>Syntaxe de transfert</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>SOP class</source>
        <translation>Classe SOP</translation>
    </message>
    <message>
        <source>Modality LUT</source>
        <translation>LUT de modalité</translation>
    </message>
    <message>
        <source>applied</source>
        <translation>appliquée</translation>
    </message>
    <message>
        <source>Rescale</source>
        <translation>Remise à l&apos;échelle</translation>
    </message>
    <message>
        <source>× %1 + %2 %3</source>
        <translation>× %1 + %2 %3</translation>
    </message>
    <message>
        <source>Window preset %1</source>
        <translation>Fenêtre prédéfinie %1</translation>
    </message>
    <message>
        <source>C %1 / W %2 %3</source>
        <translation>C %1 / L %2 %3</translation>
    </message>
    <message>
        <source>present</source>
        <translation>présente</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Remarques</translation>
    </message>
    <message>
        <source>Patient and study</source>
        <translation>Patient et étude</translation>
    </message>
    <message>
        <source>(none in this file)</source>
        <translation>(aucun dans ce fichier)</translation>
    </message>
</context>
<context>
    <name>chestlens::ui::ModelCardDialog</name>
    <message>
        <source>Model Card</source>
        <translation>Fiche du modèle</translation>
    </message>
    <message>
        <source>Unnamed model</source>
        <translation>Modèle sans nom</translation>
    </message>
    <message>
        <source>A research model: its validation metrics come from public data sets and do not establish clinical performance. Not for clinical use.</source>
        <translation>Un modèle de recherche&#xa0;: ses métriques de validation proviennent de jeux de données publics et n&apos;établissent pas de performance clinique. Pas pour un usage clinique.</translation>
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
        <translation>Aucun modèle chargé. Chargez-en un avec Modèle ▸ Charger un modèle…</translation>
    </message>
    <message>
        <source>Predicting…</source>
        <translation>Prédiction…</translation>
    </message>
    <message>
        <source>Open a film to see the class probabilities.</source>
        <translation>Ouvrez un cliché pour voir les probabilités des classes.</translation>
    </message>
    <message>
        <source>%1 — %2 %</source>
        <translation>%1 — %2 %</translation>
    </message>
    <message>
        <source>No prediction</source>
        <translation>Aucune prédiction</translation>
    </message>
    <message>
        <source>Its highest probability is only %1 %, so no class clearly stands out.</source>
        <translation>Sa probabilité la plus élevée n&apos;est que de %1 %&#xa0;: aucune classe ne se détache nettement.</translation>
    </message>
    <message>
        <source>Slightly shifted or zoomed copies of the film change the answer.</source>
        <translation>De légers décalages ou agrandissements du cliché modifient la réponse.</translation>
    </message>
    <message>
        <source>Caution: the model is unsure about this film. %1 Treat the result as inconclusive.</source>
        <translation>Attention&#xa0;: le modèle est incertain pour ce cliché. %1 Considérez le résultat comme non concluant.</translation>
    </message>
    <message>
        <source>Not applicable</source>
        <translation>Non applicable</translation>
    </message>
    <message>
        <source>The model was trained on frontal chest radiographs only; its probabilities for this image mean nothing.</source>
        <translation>Le modèle n&apos;a été entraîné que sur des radiographies thoraciques de face&#xa0;; ses probabilités pour cette image ne signifient rien.</translation>
    </message>
</context>
<context>
    <name>chestlens::ui::RecentFiles</name>
    <message>
        <source>%1 (folder)</source>
        <translation>%1 (dossier)</translation>
    </message>
    <message>
        <source>No recent files</source>
        <translation>Aucun fichier récent</translation>
    </message>
    <message>
        <source>Clear list</source>
        <translation>Effacer la liste</translation>
    </message>
</context>
<context>
    <name>chestlens::ui::ReliabilityPlot</name>
    <message>
        <source>Confidence (top-class probability)</source>
        <translation>Confiance (probabilité de la classe la plus probable)</translation>
    </message>
    <message>
        <source>Accuracy in the bin</source>
        <translation>Exactitude dans l&apos;intervalle</translation>
    </message>
    <message>
        <source>After temperature scaling</source>
        <translation>Après calibration par température</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>Avant</translation>
    </message>
    <message>
        <source>Perfect calibration</source>
        <translation>Calibration parfaite</translation>
    </message>
    <message>
        <source>Point at a bin to read its films, accuracy and confidence.</source>
        <translation>Survolez un intervalle pour lire ses clichés, son exactitude et sa confiance.</translation>
    </message>
    <message>
        <source>Not temperature-scaled, T = 1 (ECE %1)</source>
        <translation>Sans calibration par température, T = 1 (ECE %1)</translation>
    </message>
    <message>
        <source>After temperature scaling, T = %1 (ECE %2)</source>
        <translation>Après calibration par température, T = %1 (ECE %2)</translation>
    </message>
    <message>
        <source>Before, T = 1 (ECE %1)</source>
        <translation>Avant, T = 1 (ECE %1)</translation>
    </message>
    <message>
        <source>&lt;b&gt;Confidence %1 – %2&lt;/b&gt;</source>
        <translation>&lt;b&gt;Confiance %1 – %2&lt;/b&gt;</translation>
    </message>
    <message>
        <source>no films</source>
        <translation>aucun cliché</translation>
    </message>
    <message numerus="yes">
        <source>%n film(s), accuracy %1, mean confidence %2 (gap %3)</source>
        <translation>
            <numerusform>%n cliché, exactitude %1, confiance moyenne %2 (écart %3)</numerusform>
            <numerusform>%n clichés, exactitude %1, confiance moyenne %2 (écart %3)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>chestlens::ui::ReportDialog</name>
    <message>
        <source>Export Batch Report</source>
        <translation>Exporter un rapport de lot</translation>
    </message>
    <message>
        <source>Export Report</source>
        <translation>Exporter le rapport</translation>
    </message>
    <message>
        <source>%1 films from %2: a summary page, then one page per film.</source>
        <translation>%1 clichés de %2&#xa0;: une page de synthèse, puis une page par cliché.</translation>
    </message>
    <message>
        <source>The current film, %1, with its heatmap as shown.</source>
        <translation>Le cliché courant, %1, avec sa carte de chaleur telle qu&apos;affichée.</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Parcourir…</translation>
    </message>
    <message>
        <source>&amp;Anonymise: no patient or study fields, films labelled &quot;Film N&quot; instead of their file names</source>
        <translation>&amp;Anonymiser&#xa0;: aucun champ patient ou étude, clichés désignés «&#xa0;Film N&#xa0;» au lieu de leur nom de fichier</translation>
    </message>
    <message>
        <source>Include &amp;patient and study fields from the DICOM header</source>
        <translation>Inclure les champs &amp;patient et étude de l&apos;en-tête DICOM</translation>
    </message>
    <message>
        <source>Names, IDs, birth date, accession number, institution, physicians, dates and UIDs. Only while Anonymise is off.</source>
        <translation>Noms, identifiants, date de naissance, numéro d&apos;accession, établissement, médecins, dates et UID. Uniquement si Anonymiser est désactivé.</translation>
    </message>
    <message>
        <source>Findings for the batch (printed on the summary page)</source>
        <translation>Constatations pour le lot (imprimées sur la page de synthèse)</translation>
    </message>
    <message>
        <source>Findings (printed in the report&apos;s findings box)</source>
        <translation>Constatations (imprimées dans l&apos;encadré des constatations du rapport)</translation>
    </message>
    <message>
        <source>&amp;Open the PDF when done</source>
        <translation>&amp;Ouvrir le PDF une fois terminé</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>&amp;Exporter</translation>
    </message>
    <message>
        <source>Save as:</source>
        <translation>Enregistrer sous&#xa0;:</translation>
    </message>
    <message>
        <source>Page size:</source>
        <translation>Format de page&#xa0;:</translation>
    </message>
    <message>
        <source>Findings:</source>
        <translation>Constatations&#xa0;:</translation>
    </message>
    <message>
        <source>Save Report</source>
        <translation>Enregistrer le rapport</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <source>Loading the model…</source>
        <translation>Chargement du modèle…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Annulation…</translation>
    </message>
    <message>
        <source>Written: %1 (pages: %2).</source>
        <translation>Écrit&#xa0;: %1 (pages&#xa0;: %2).</translation>
    </message>
    <message>
        <source>Left out (could not be read): %1</source>
        <translation>Exclus (illisibles)&#xa0;: %1</translation>
    </message>
    <message>
        <source>Cancelled; no file was written.</source>
        <translation>Annulé&#xa0;; aucun fichier n&apos;a été écrit.</translation>
    </message>
</context>
<context>
    <name>chestlens::ui::RocPlot</name>
    <message>
        <source>False positive rate (1 − specificity)</source>
        <translation>Taux de faux positifs (1 − spécificité)</translation>
    </message>
    <message>
        <source>True positive rate (sensitivity)</source>
        <translation>Taux de vrais positifs (sensibilité)</translation>
    </message>
    <message>
        <source>Chance (AUROC 0.500)</source>
        <translation>Hasard (AUROC 0.500)</translation>
    </message>
    <message>
        <source>%1 (AUROC %2)</source>
        <translation>%1 (AUROC %2)</translation>
    </message>
    <message>
        <source>%1 (AUROC undefined)</source>
        <translation>%1 (AUROC non définie)</translation>
    </message>
    <message>
        <source>Point at a curve to read its threshold, sensitivity and specificity.</source>
        <translation>Survolez une courbe pour lire son seuil, sa sensibilité et sa spécificité.</translation>
    </message>
    <message>
        <source>%1 when p(%1) ≥ %2</source>
        <translation>%1 si p(%1) ≥ %2</translation>
    </message>
    <message>
        <source>nothing called %1</source>
        <translation>aucun cliché classé %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;: TPR (sensitivity) %2, FPR %3 (specificity %4)&lt;br&gt;%5 of %6 %7 films found; %8 of %9 other films flagged</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&#xa0;: TVP (sensibilité) %2, TFP %3 (spécificité %4)&lt;br&gt;%5 des %6 clichés %7 détectés&#xa0;; %8 des %9 autres clichés signalés</translation>
    </message>
</context>
<context>
    <name>chestlens::ui::ScreenshotRunner</name>
    <message>
        <source>the film</source>
        <translation>le cliché</translation>
    </message>
    <message>
        <source>the heatmap</source>
        <translation>la carte de chaleur</translation>
    </message>
    <message>
        <source>the prediction</source>
        <translation>la prédiction</translation>
    </message>
    <message>
        <source>%1: timed out after %2 s waiting for %3</source>
        <translation>%1&#xa0;: délai dépassé après %2 s d&apos;attente pour %3</translation>
    </message>
    <message>
        <source>%1: cannot predict, no model loaded (%2)</source>
        <translation>%1&#xa0;: prédiction impossible, aucun modèle chargé (%2)</translation>
    </message>
    <message>
        <source>%1: cannot write the screenshot</source>
        <translation>%1&#xa0;: impossible d&apos;écrire la capture d&apos;écran</translation>
    </message>
    <message>
        <source>Saved %1 (%2 × %3)</source>
        <translation>Enregistré&#xa0;: %1 (%2 × %3)</translation>
    </message>
</context>
<context>
    <name>chestlens::ui::ShortcutsDialog</name>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>Raccourcis clavier</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>Raccourci</translation>
    </message>
    <message>
        <source> or </source>
        <translation> ou </translation>
    </message>
    <message>
        <source>Film view (mouse)</source>
        <translation>Vue du cliché (souris)</translation>
    </message>
    <message>
        <source>Zoom around the pointer</source>
        <translation>Zoomer autour du pointeur</translation>
    </message>
    <message>
        <source>Wheel</source>
        <translation>Molette</translation>
    </message>
    <message>
        <source>Pan</source>
        <translation>Déplacer</translation>
    </message>
    <message>
        <source>Left or middle drag</source>
        <translation>Glisser avec le bouton gauche ou central</translation>
    </message>
    <message>
        <source>Window/level (width: left–right, level: up–down)</source>
        <translation>Fenêtrage (largeur&#xa0;: gauche–droite, niveau&#xa0;: haut–bas)</translation>
    </message>
    <message>
        <source>Right drag</source>
        <translation>Glisser avec le bouton droit</translation>
    </message>
    <message>
        <source>Fit to window</source>
        <translation>Ajuster à la fenêtre</translation>
    </message>
    <message>
        <source>Double-click</source>
        <translation>Double-clic</translation>
    </message>
    <message>
        <source>Open films or a folder</source>
        <translation>Ouvrir des clichés ou un dossier</translation>
    </message>
    <message>
        <source>Drop them on the window</source>
        <translation>Les déposer sur la fenêtre</translation>
    </message>
</context>
<context>
    <name>chestlens::ui::TrainingDialog</name>
    <message>
        <source>Train a Model</source>
        <translation>Entraîner un modèle</translation>
    </message>
    <message>
        <source>Looking for duplicates… %1 of %2 films</source>
        <translation>Recherche de doublons… %1 clichés sur %2</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>Duplicate search stopped (training runs its own).</source>
        <translation>Recherche de doublons arrêtée (l&apos;entraînement effectue la sienne).</translation>
    </message>
    <message>
        <source>Preparing: %1 (%2 of %3)</source>
        <translation>Préparation&#xa0;: %1 (%2 sur %3)</translation>
    </message>
    <message>
        <source>DIR/&lt;class&gt;/&lt;image&gt;</source>
        <translation>DOSSIER/&lt;classe&gt;/&lt;image&gt;</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Parcourir…</translation>
    </message>
    <message>
        <source>Labelled folder:</source>
        <translation>Dossier étiqueté&#xa0;:</translation>
    </message>
    <message>
        <source>Classes:</source>
        <translation>Classes&#xa0;:</translation>
    </message>
    <message>
        <source>Review…</source>
        <translation>Examiner…</translation>
    </message>
    <message>
        <source>Duplicates:</source>
        <translation>Doublons&#xa0;:</translation>
    </message>
    <message>
        <source>Leave them out (recommended)</source>
        <translation>Les exclure (recommandé)</translation>
    </message>
    <message>
        <source>Leave duplicates and label conflicts out of training and validation. Copies of one film in both the training and the validation split inflate validation accuracy; films filed under two classes teach the model noise.</source>
        <translation>Exclure les doublons et les conflits d&apos;étiquettes de l&apos;entraînement et de la validation. Des copies d&apos;un même cliché présentes à la fois dans l&apos;ensemble d&apos;entraînement et dans celui de validation gonflent l&apos;exactitude de validation&#xa0;; des clichés classés sous deux classes apprennent du bruit au modèle.</translation>
    </message>
    <message>
        <source>Architecture:</source>
        <translation>Architecture&#xa0;:</translation>
    </message>
    <message>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <source>Input size:</source>
        <translation>Taille d&apos;entrée&#xa0;:</translation>
    </message>
    <message>
        <source>Epochs (at most):</source>
        <translation>Époques (au maximum)&#xa0;:</translation>
    </message>
    <message>
        <source>Batch size:</source>
        <translation>Taille de lot&#xa0;:</translation>
    </message>
    <message>
        <source>Learning rate:</source>
        <translation>Taux d&apos;apprentissage&#xa0;:</translation>
    </message>
    <message>
        <source> epochs</source>
        <translation> époques</translation>
    </message>
    <message>
        <source>off</source>
        <translation>désactivé</translation>
    </message>
    <message>
        <source>Early stopping after:</source>
        <translation>Arrêt anticipé après&#xa0;:</translation>
    </message>
    <message>
        <source>Validation fraction:</source>
        <translation>Part de validation&#xa0;:</translation>
    </message>
    <message>
        <source>Augment</source>
        <translation>Augmenter</translation>
    </message>
    <message>
        <source>strength </source>
        <translation>intensité </translation>
    </message>
    <message>
        <source>Augmentation:</source>
        <translation>Augmentation de données&#xa0;:</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>Graine&#xa0;:</translation>
    </message>
    <message>
        <source>model.clm</source>
        <translation>model.clm</translation>
    </message>
    <message>
        <source>Save model as:</source>
        <translation>Enregistrer le modèle sous&#xa0;:</translation>
    </message>
    <message>
        <source>Start Training</source>
        <translation>Démarrer l&apos;entraînement</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Reprendre</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>Cancel Run</source>
        <translation>Annuler l&apos;entraînement</translation>
    </message>
    <message>
        <source>Choose a labelled folder to begin.</source>
        <translation>Choisissez un dossier étiqueté pour commencer.</translation>
    </message>
    <message>
        <source>Results appear here when a run finishes.</source>
        <translation>Les résultats s&apos;affichent ici à la fin d&apos;un entraînement.</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Progression</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Journal</translation>
    </message>
    <message>
        <source>Validation results</source>
        <translation>Résultats de validation</translation>
    </message>
    <message>
        <source>Use This Model</source>
        <translation>Utiliser ce modèle</translation>
    </message>
    <message>
        <source>Save Curves…</source>
        <translation>Enregistrer les courbes…</translation>
    </message>
    <message>
        <source>Labelled Folder</source>
        <translation>Dossier étiqueté</translation>
    </message>
    <message>
        <source>Save Model As</source>
        <translation>Enregistrer le modèle sous</translation>
    </message>
    <message>
        <source>ChestLens models (*.clm)</source>
        <translation>Modèles ChestLens (*.clm)</translation>
    </message>
    <message>
        <source>Scanning…</source>
        <translation>Analyse…</translation>
    </message>
    <message>
        <source>Waiting for the scan…</source>
        <translation>En attente de l&apos;analyse…</translation>
    </message>
    <message>
        <source>An interrupted run left a checkpoint (%1, %2): Resume continues it.</source>
        <translation>Un entraînement interrompu a laissé un point de contrôle (%1, %2)&#xa0;: Reprendre le poursuit.</translation>
    </message>
    <message numerus="yes">
        <source>%n film(s): %1</source>
        <translation>
            <numerusform>%n cliché&#xa0;: %1</numerusform>
            <numerusform>%n clichés&#xa0;: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Very few films in %1: the model cannot learn or be validated reliably there.</source>
        <translation>Très peu de clichés dans %1&#xa0;: le modèle ne peut pas y apprendre ni y être validé de façon fiable.</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) ignored (not images).</source>
        <translation>
            <numerusform>%n fichier ignoré (pas une image).</numerusform>
            <numerusform>%n fichiers ignorés (pas des images).</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 exact and %2 near duplicates, %3 label conflicts (%4 films); %5 films would be left out.</source>
        <translation>%1 doublons exacts et %2 quasi-doublons, %3 conflits d&apos;étiquettes (%4 clichés)&#xa0;; %5 clichés seraient exclus.</translation>
    </message>
    <message numerus="yes">
        <source>%n film(s) cannot be read and will be skipped.</source>
        <translation>
            <numerusform>%n cliché est illisible et sera ignoré.</numerusform>
            <numerusform>%n clichés sont illisibles et seront ignorés.</numerusform>
        </translation>
    </message>
    <message>
        <source>Unreadable films (skipped):
%1</source>
        <translation>Clichés illisibles (ignorés)&#xa0;:
%1</translation>
    </message>
    <message>
        <source>
… and %1 more</source>
        <translation>
… et %1 de plus</translation>
    </message>
    <message>
        <source>%1: choose an existing labelled folder (DIR/&lt;class&gt;/&lt;image&gt;).</source>
        <translation>%1&#xa0;: choisissez un dossier étiqueté existant (DOSSIER/&lt;classe&gt;/&lt;image&gt;).</translation>
    </message>
    <message>
        <source>No folder</source>
        <translation>Aucun dossier</translation>
    </message>
    <message>
        <source>%1: the folder is still being scanned; try again in a moment.</source>
        <translation>%1&#xa0;: le dossier est encore en cours d&apos;analyse&#xa0;; réessayez dans un instant.</translation>
    </message>
    <message>
        <source>Choose where to save the model.</source>
        <translation>Choisissez où enregistrer le modèle.</translation>
    </message>
    <message>
        <source>%1: cannot write the model there (the folder does not exist or is read-only).</source>
        <translation>%1&#xa0;: impossible d&apos;y écrire le modèle (le dossier n&apos;existe pas ou est en lecture seule).</translation>
    </message>
    <message>
        <source>Replace Model?</source>
        <translation>Remplacer le modèle&#xa0;?</translation>
    </message>
    <message>
        <source>%1 exists. Replace it when the run finishes?</source>
        <translation>%1 existe déjà. Le remplacer à la fin de l&apos;entraînement&#xa0;?</translation>
    </message>
    <message>
        <source>%1 training %2 → %3</source>
        <translation>%1 entraînement %2 → %3</translation>
    </message>
    <message>
        <source>Resuming…</source>
        <translation>Reprise…</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Démarrage…</translation>
    </message>
    <message>
        <source>Cancelling: the run stops after the current batch and keeps its best epoch…</source>
        <translation>Annulation&#xa0;: l&apos;entraînement s&apos;arrête après le lot en cours et conserve sa meilleure époque…</translation>
    </message>
    <message>
        <source>Paused after the current batch. Resume continues where it stopped.</source>
        <translation>En pause après le lot en cours. Reprendre poursuit là où il s&apos;est arrêté.</translation>
    </message>
    <message>
        <source>Epoch %1 of at most %2 · batch %3 of %4 · %5 images/s · ETA %6 (early stopping may end it sooner)</source>
        <translation>Époque %1 sur %2 au maximum · lot %3 sur %4 · %5 images/s · temps restant %6 (l&apos;arrêt anticipé peut y mettre fin plus tôt)</translation>
    </message>
    <message>
        <source>epoch %1/%2: train loss %3 acc %4 · val loss %5 acc %6 macro-F1 %7 · %8%9</source>
        <translation>époque %1/%2&#xa0;: perte entr. %3 exact. %4 · perte val. %5 exact. %6 macro-F1 %7 · %8%9</translation>
    </message>
    <message>
        <source> · best so far</source>
        <translation> · meilleure jusqu&apos;ici</translation>
    </message>
    <message>
        <source>Cancelled after epoch %1; the model keeps epoch %2.</source>
        <translation>Annulé après l&apos;époque %1&#xa0;; le modèle conserve l&apos;époque %2.</translation>
    </message>
    <message>
        <source>Finished after %1 epochs; the model keeps epoch %2.</source>
        <translation>Terminé après %1 époques&#xa0;; le modèle conserve l&apos;époque %2.</translation>
    </message>
    <message>
        <source>Validation accuracy %1, macro-F1 %2, ECE %3 (before calibration %4). Saved to %5 (%6).</source>
        <translation>Exactitude de validation %1, macro-F1 %2, ECE %3 (avant calibration %4). Enregistré dans %5 (%6).</translation>
    </message>
    <message>
        <source>Validation split of this run: %1 films, epoch %2, calibrated with temperature %3.</source>
        <translation>Ensemble de validation de cet entraînement&#xa0;: %1 clichés, époque %2, calibré avec une température de %3.</translation>
    </message>
    <message>
        <source>Cancelled before the first epoch finished: no model was written.</source>
        <translation>Annulé avant la fin de la première époque&#xa0;: aucun modèle n&apos;a été écrit.</translation>
    </message>
    <message>
        <source>Training failed.</source>
        <translation>L&apos;entraînement a échoué.</translation>
    </message>
    <message>
        <source>Stop Training?</source>
        <translation>Arrêter l&apos;entraînement&#xa0;?</translation>
    </message>
    <message>
        <source>A training run is in progress. Stop it and close? The best epoch so far is saved to %1.</source>
        <translation>Un entraînement est en cours. L&apos;arrêter et fermer&#xa0;? La meilleure époque jusqu&apos;ici est enregistrée dans %1.</translation>
    </message>
    <message>
        <source>Save Training Curves</source>
        <translation>Enregistrer les courbes d&apos;entraînement</translation>
    </message>
    <message>
        <source>PNG image (*.png);;PDF document (*.pdf)</source>
        <translation>Image PNG (*.png);;Document PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Local training processes (data-parallel, gradients averaged every step). The cores are split between them; the batch size is the total over all processes.</source>
        <translation>Processus d’entraînement locaux (parallélisme de données, gradients moyennés à chaque pas). Les cœurs sont répartis entre eux ; la taille de lot est le total sur tous les processus.</translation>
    </message>
    <message>
        <source>Processes:</source>
        <translation>Processus :</translation>
    </message>
    <message>
        <source>1 network (no ensemble)</source>
        <translation>1 réseau (pas d’ensemble)</translation>
    </message>
    <message>
        <source> networks</source>
        <translation> réseaux</translation>
    </message>
    <message>
        <source>Train this many networks one after another on the same split, each from its own random start, and save them as one model that averages their probabilities: usually more accurate and better calibrated, at this many times the training and prediction time.</source>
        <translation>Entraîner ce nombre de réseaux l’un après l’autre sur la même partition, chacun depuis son propre départ aléatoire, et les enregistrer comme un seul modèle qui moyenne leurs probabilités : en général plus exact et mieux calibré, pour autant de fois le temps d’entraînement et de prédiction.</translation>
    </message>
    <message>
        <source>Ensemble:</source>
        <translation>Ensemble :</translation>
    </message>
    <message>
        <source>An interrupted ensemble run left its networks (%1, …): Resume with the same settings reuses the finished ones and continues the interrupted one.</source>
        <translation>Un entraînement d’ensemble interrompu a laissé ses réseaux (%1, …) : « Reprendre » avec les mêmes réglages réutilise ceux qui sont terminés et poursuit celui qui a été interrompu.</translation>
    </message>
    <message>
        <source>An ensemble trains its networks one after another in one process: set Processes to 1.</source>
        <translation>Un ensemble entraîne ses réseaux l’un après l’autre dans un seul processus : réglez Processus sur 1.</translation>
    </message>
    <message>
        <source>Network %1 of %2</source>
        <translation>Réseau %1 sur %2</translation>
    </message>
    <message>
        <source>Network %1 of %2 · </source>
        <translation>Réseau %1 sur %2 · </translation>
    </message>
    <message>
        <source>Cancelled; the model averages the networks finished so far (%1 epochs in all). Resume with the same settings continues it.</source>
        <translation>Annulé ; le modèle moyenne les réseaux terminés jusqu’ici (%1 époques en tout). « Reprendre » avec les mêmes réglages le poursuit.</translation>
    </message>
    <message>
        <source>Finished: an ensemble of %1 networks (%2 epochs in all).</source>
        <translation>Terminé : un ensemble de %1 réseaux (%2 époques en tout).</translation>
    </message>
    <message>
        <source>Validation split of this run: %1 films, ensemble of the networks&apos; best epochs, calibrated with temperature %2.</source>
        <translation>Partition de validation de cet entraînement : %1 clichés, ensemble des meilleures époques des réseaux, calibré avec la température %2.</translation>
    </message>
    <message>
        <source>Crop the central square</source>
        <translation>Recadrer le carré central</translation>
    </message>
    <message>
        <source>Stretch the whole film</source>
        <translation>Étirer le cliché entier</translation>
    </message>
    <message>
        <source>How a film becomes the square input. Cropping keeps the anatomy&apos;s proportions; stretching squeezes wide films, and since the width of a film often depends on its hospital (and in public data on the class), a network can learn the squeeze instead of the disease.</source>
        <translation>Comment un cliché devient l’entrée carrée. Le recadrage conserve les proportions de l’anatomie ; l’étirement écrase les clichés larges, et comme la largeur d’un cliché dépend souvent de l’hôpital (et, dans les données publiques, de la classe), un réseau peut apprendre l’écrasement au lieu de la maladie.</translation>
    </message>
    <message>
        <source>Film shape:</source>
        <translation>Forme du cliché :</translation>
    </message>
    <message>
        <source>Random weights</source>
        <translation>Poids aléatoires</translation>
    </message>
    <message>
        <source>ImageNet weights (MobileNetV2)</source>
        <translation>Poids ImageNet (MobileNetV2)</translation>
    </message>
    <message>
        <source>Model file…</source>
        <translation>Fichier de modèle…</translation>
    </message>
    <message>
        <source>Where the weights start. A model is retrained on the folder: its network and film preparation are kept; with the same classes its classifier continues, with other classes it gets a new one on the same features.</source>
        <translation>D&apos;où partent les poids. Un modèle est ré-entraîné sur le dossier&#xa0;: son réseau et la préparation des clichés sont conservés&#xa0;; avec les mêmes classes son classifieur continue, avec d&apos;autres classes il en reçoit un nouveau sur les mêmes caractéristiques.</translation>
    </message>
    <message>
        <source>Start from:</source>
        <translation>Partir de&#xa0;:</translation>
    </message>
    <message>
        <source>Train only the classifier (freeze the pretrained layers)</source>
        <translation>N&apos;entraîner que le classifieur (geler les couches pré-entraînées)</translation>
    </message>
    <message>
        <source>For a few dozen films: the pretrained features stay as they are.</source>
        <translation>Pour quelques dizaines de clichés&#xa0;: les caractéristiques pré-entraînées restent telles quelles.</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>automatique</translation>
    </message>
    <message>
        <source>Pretrained layers&apos; rate:</source>
        <translation>Taux des couches pré-entraînées&#xa0;:</translation>
    </message>
    <message>
        <source>Start from Model</source>
        <translation>Partir d&apos;un modèle</translation>
    </message>
    <message>
        <source>Retrain %1</source>
        <translation>Ré-entraîner %1</translation>
    </message>
</context>
<context>
    <name>chestlens::ui::TrainingPlots</name>
    <message>
        <source>loss</source>
        <translation>perte</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>exactitude</translation>
    </message>
    <message>
        <source>training (per batch)</source>
        <translation>entraînement (par lot)</translation>
    </message>
    <message>
        <source>training (smoothed)</source>
        <translation>entraînement (lissé)</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>validation</translation>
    </message>
    <message>
        <source>Hover over a plot to read its values.</source>
        <translation>Survolez un graphique pour lire ses valeurs.</translation>
    </message>
    <message>
        <source>best: epoch %1</source>
        <translation>meilleure&#xa0;: époque %1</translation>
    </message>
    <message>
        <source>epoch %1: training %2 %3 (smoothed)</source>
        <translation>époque %1&#xa0;: %2 d&apos;entraînement %3 (lissée)</translation>
    </message>
    <message>
        <source>after epoch %1: validation %2 %3</source>
        <translation>après l&apos;époque %1&#xa0;: %2 de validation %3</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>ChestLens chest X-ray viewer (research use only, not for clinical diagnosis).</source>
        <translation>Visionneuse de radiographies thoraciques ChestLens (usage réservé à la recherche, pas pour le diagnostic clinique).</translation>
    </message>
    <message>
        <source>Films or folders to open.</source>
        <translation>Clichés ou dossiers à ouvrir.</translation>
    </message>
    <message>
        <source>Open FILE, wait for its prediction and heatmap, save a picture of the window to OUT.png and exit.</source>
        <translation>Ouvrir FILE, attendre sa prédiction et sa carte de chaleur, enregistrer une image de la fenêtre dans OUT.png et quitter.</translation>
    </message>
    <message>
        <source>Show the heatmap (default: on).</source>
        <translation>Afficher la carte de chaleur (par défaut&#xa0;: on).</translation>
    </message>
    <message>
        <source>Model file to use instead of the default.</source>
        <translation>Fichier de modèle à utiliser à la place du modèle par défaut.</translation>
    </message>
    <message>
        <source>Window size (default for screenshots: 1280x800).</source>
        <translation>Taille de la fenêtre (par défaut pour les captures d&apos;écran&#xa0;: 1280x800).</translation>
    </message>
    <message>
        <source>Seconds --screenshot waits before failing (default: %1).</source>
        <translation>Nombre de secondes d&apos;attente de --screenshot avant échec (par défaut&#xa0;: %1).</translation>
    </message>
    <message>
        <source>--heatmap takes &apos;on&apos; or &apos;off&apos;, not &apos;%1&apos;</source>
        <translation>--heatmap accepte «&#xa0;on&#xa0;» ou «&#xa0;off&#xa0;», pas «&#xa0;%1&#xa0;»</translation>
    </message>
    <message>
        <source>--window-size takes WIDTHxHEIGHT, e.g. 1920x1080</source>
        <translation>--window-size attend LARGEURxHAUTEUR, p. ex. 1920x1080</translation>
    </message>
    <message>
        <source>--timeout takes a positive number of seconds</source>
        <translation>--timeout attend un nombre positif de secondes</translation>
    </message>
    <message>
        <source>--screenshot needs exactly one FILE</source>
        <translation>--screenshot nécessite exactement un FILE</translation>
    </message>
</context>
</TS>
