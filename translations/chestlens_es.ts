<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es" sourcelanguage="en">
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
        <translation>Neumonía</translation>
    </message>
    <message>
        <source>Tuberculosis</source>
        <translation>Tuberculosis</translation>
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
        <translation>época</translation>
    </message>
</context>
<context>
    <name>WindowPresets</name>
    <message>
        <source>lung</source>
        <translation>pulmón</translation>
    </message>
    <message>
        <source>bone</source>
        <translation>hueso</translation>
    </message>
    <message>
        <source>default: %1</source>
        <translation>predeterminada: %1</translation>
    </message>
    <message>
        <source>file</source>
        <translation>archivo</translation>
    </message>
    <message>
        <source>DICOM preset %1</source>
        <translation>preajuste DICOM %1</translation>
    </message>
</context>
<context>
    <name>chestlens::ui::ApplicabilityBanner</name>
    <message>
        <source>Show anyway</source>
        <translation>Mostrar de todos modos</translation>
    </message>
    <message>
        <source>Show the probabilities and the heatmap although the model was not made for this image. They mean nothing here.</source>
        <translation>Mostrar las probabilidades y el mapa de calor aunque el modelo no esté hecho para esta imagen. Aquí no significan nada.</translation>
    </message>
    <message>
        <source>Hide again</source>
        <translation>Ocultar de nuevo</translation>
    </message>
    <message>
        <source>lateral view</source>
        <translation>proyección lateral</translation>
    </message>
    <message>
        <source>far from the training films</source>
        <translation>lejos de las placas de entrenamiento</translation>
    </message>
    <message>
        <source>no two lung fields found</source>
        <translation>no se encontraron dos campos pulmonares</translation>
    </message>
    <message>
        <source>This does not look like a frontal chest radiograph: %1.</source>
        <translation>Esto no parece una radiografía de tórax frontal: %1.</translation>
    </message>
    <message>
        <source>(Distance from the training films %1; films above %2 are refused.)</source>
        <translation>(Distancia a las placas de entrenamiento %1; se rechazan las placas por encima de %2.)</translation>
    </message>
    <message>
        <source>The probabilities are greyed out and the heatmap is off.</source>
        <translation>Las probabilidades aparecen en gris y el mapa de calor está desactivado.</translation>
    </message>
</context>
<context>
    <name>chestlens::ui::ConfusionMatrixWidget</name>
    <message>
        <source>%1 % of the %2 %3 films</source>
        <translation>%1 % de las %2 radiografías de %3</translation>
    </message>
    <message>
        <source>no %1 films in this data</source>
        <translation>no hay radiografías de %1 en estos datos</translation>
    </message>
    <message>
        <source>correct</source>
        <translation>correcta</translation>
    </message>
    <message>
        <source>mistaken for %1</source>
        <translation>confundida con %1</translation>
    </message>
    <message numerus="yes">
        <source>True %1, predicted %2: %n film(s) (%3; %4)</source>
        <translation>
            <numerusform>Real %1, predicha %2: %n radiografía (%3; %4)</numerusform>
            <numerusform>Real %1, predicha %2: %n radiografías (%3; %4)</numerusform>
        </translation>
    </message>
    <message>
        <source>No evaluation yet</source>
        <translation>Aún no hay evaluación</translation>
    </message>
    <message>
        <source>Predicted class</source>
        <translation>Clase predicha</translation>
    </message>
    <message>
        <source>True class</source>
        <translation>Clase real</translation>
    </message>
</context>
<context>
    <name>chestlens::ui::DuplicateReviewDialog</name>
    <message>
        <source>Duplicates and Label Conflicts</source>
        <translation>Duplicados y conflictos de etiquetas</translation>
    </message>
    <message>
        <source>label conflict</source>
        <translation>conflicto de etiquetas</translation>
    </message>
    <message>
        <source>exact copies</source>
        <translation>copias exactas</translation>
    </message>
    <message>
        <source>near copies</source>
        <translation>copias casi idénticas</translation>
    </message>
    <message numerus="yes">
        <source>%1 · %n film(s) · %2</source>
        <translation>
            <numerusform>%1 · %n radiografía · %2</numerusform>
            <numerusform>%1 · %n radiografías · %2</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 exact and %2 near duplicates; %3 groups whose films carry different labels. By default training keeps the largest film of each group and leaves label conflicts out entirely.</source>
        <translation>%1 duplicados exactos y %2 casi idénticos; %3 grupos cuyas radiografías tienen etiquetas distintas. De forma predeterminada, el entrenamiento conserva la radiografía más grande de cada grupo y excluye por completo los conflictos de etiquetas.</translation>
    </message>
    <message>
        <source>left out (label conflict)</source>
        <translation>excluida (conflicto de etiquetas)</translation>
    </message>
    <message>
        <source>kept for training</source>
        <translation>conservada para el entrenamiento</translation>
    </message>
    <message>
        <source>left out</source>
        <translation>excluida</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2&lt;br&gt;%3</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2&lt;br&gt;%3</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Cargando…</translation>
    </message>
    <message>
        <source>cannot be read</source>
        <translation>no se puede leer</translation>
    </message>
    <message numerus="yes">
        <source>%n more film(s) in this group.</source>
        <translation>
            <numerusform>%n radiografía más en este grupo.</numerusform>
            <numerusform>%n radiografías más en este grupo.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>chestlens::ui::EvaluationDialog</name>
    <message>
        <source>Evaluate Model on Folder</source>
        <translation>Evaluar el modelo en una carpeta</translation>
    </message>
    <message>
        <source>A folder with one sub-folder of films per class, e.g. DIR/covid/…</source>
        <translation>Una carpeta con una subcarpeta de radiografías por clase, p. ej., DIR/covid/…</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Examinar…</translation>
    </message>
    <message>
        <source>The bundled default model</source>
        <translation>El modelo predeterminado incluido</translation>
    </message>
    <message>
        <source>Labelled &amp;folder:</source>
        <translation>&amp;Carpeta etiquetada:</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>&amp;Modelo:</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>E&amp;jecutar</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Evaluation cancelled; nothing was changed.</source>
        <translation>Evaluación cancelada; no se ha cambiado nada.</translation>
    </message>
    <message>
        <source>Choose a labelled folder and press Run. Each film&apos;s class is the name of its sub-folder; the names must be classes of the model.</source>
        <translation>Elija una carpeta etiquetada y pulse Ejecutar. La clase de cada radiografía es el nombre de su subcarpeta; los nombres deben ser clases del modelo.</translation>
    </message>
    <message>
        <source>Choose a labelled folder first.</source>
        <translation>Elija primero una carpeta etiquetada.</translation>
    </message>
    <message>
        <source>Loading the model and scanning %1…</source>
        <translation>Cargando el modelo y analizando %1…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Cancelando…</translation>
    </message>
    <message>
        <source>Labelled Folder</source>
        <translation>Carpeta etiquetada</translation>
    </message>
    <message>
        <source>Model to Evaluate</source>
        <translation>Modelo que evaluar</translation>
    </message>
    <message>
        <source>Models (*.clm *.pt *.pth *.ts);;ChestLens models (*.clm);;TorchScript archives (*.pt *.pth *.ts);;All files (*)</source>
        <translation>Modelos (*.clm *.pt *.pth *.ts);;Modelos de ChestLens (*.clm);;Archivos TorchScript (*.pt *.pth *.ts);;Todos los archivos (*)</translation>
    </message>
    <message numerus="yes">
        <source>Running the model on %n film(s)…</source>
        <translation>
            <numerusform>Ejecutando el modelo en %n radiografía…</numerusform>
            <numerusform>Ejecutando el modelo en %n radiografías…</numerusform>
        </translation>
    </message>
    <message>
        <source>Reading films: %v / %m</source>
        <translation>Leyendo radiografías: %v / %m</translation>
    </message>
    <message numerus="yes">
        <source>Evaluated %n film(s) of %1 classes in %2 s.</source>
        <translation>
            <numerusform>Se evaluó %n radiografía de %1 clases en %2 s.</numerusform>
            <numerusform>Se evaluaron %n radiografías de %1 clases en %2 s.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n film(s) could not be read and were left out: %1</source>
        <translation>
            <numerusform>%n radiografía no se pudo leer y se excluyó: %1</numerusform>
            <numerusform>%n radiografías no se pudieron leer y se excluyeron: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n film(s) the model may not judge were left out (see the tooltip).</source>
        <translation>
            <numerusform>Se omitió %n placa que el modelo no puede juzgar (véase la información emergente).</numerusform>
            <numerusform>Se omitieron %n placas que el modelo no puede juzgar (véase la información emergente).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>chestlens::ui::EvaluationView</name>
    <message>
        <source>&lt;b&gt;Confusion matrix&lt;/b&gt; — rows: true class, columns: predicted; colour: share of the row</source>
        <translation>&lt;b&gt;Matriz de confusión&lt;/b&gt; — filas: clase real; columnas: clase predicha; color: proporción de la fila</translation>
    </message>
    <message>
        <source>Point at a cell to read it.</source>
        <translation>Señale una celda para ver sus valores.</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>Clase</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>Precisión</translation>
    </message>
    <message>
        <source>Recall</source>
        <translation>Sensibilidad</translation>
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
        <translation>Soporte</translation>
    </message>
    <message>
        <source>ROC curves</source>
        <translation>Curvas ROC</translation>
    </message>
    <message>
        <source>Reliability</source>
        <translation>Fiabilidad</translation>
    </message>
    <message>
        <source>Save Plots…</source>
        <translation>Guardar gráficos…</translation>
    </message>
    <message>
        <source>Confusion matrix, ROC curves and reliability diagram as PNG or PDF files</source>
        <translation>Matriz de confusión, curvas ROC y diagrama de fiabilidad como archivos PNG o PDF</translation>
    </message>
    <message>
        <source>Save Metrics…</source>
        <translation>Guardar métricas…</translation>
    </message>
    <message>
        <source>All metrics as JSON, or the per-class table as CSV</source>
        <translation>Todas las métricas en JSON, o la tabla por clase en CSV</translation>
    </message>
    <message>
        <source>No evaluation yet.</source>
        <translation>Aún no hay evaluación.</translation>
    </message>
    <message>
        <source>%1 labels but %2 probability rows</source>
        <translation>%1 etiquetas, pero %2 filas de probabilidades</translation>
    </message>
    <message>
        <source>Per-film scores could not be used: %1</source>
        <translation>No se pudieron usar las puntuaciones por radiografía: %1</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%1 en %2</translation>
    </message>
    <message>
        <source>&lt;b&gt;n = %1&lt;/b&gt; films</source>
        <translation>&lt;b&gt;n = %1&lt;/b&gt; radiografías</translation>
    </message>
    <message>
        <source>accuracy &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>exactitud &lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <source>macro-F1 &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>F1 macro &lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <source>ECE &lt;b&gt;%1&lt;/b&gt; before → &lt;b&gt;%2&lt;/b&gt; after temperature scaling (T = %3)</source>
        <translation>ECE &lt;b&gt;%1&lt;/b&gt; antes → &lt;b&gt;%2&lt;/b&gt; tras el escalado de temperatura (T = %3)</translation>
    </message>
    <message>
        <source>ECE &lt;b&gt;%1&lt;/b&gt; (calibrated, T = %2)</source>
        <translation>ECE &lt;b&gt;%1&lt;/b&gt; (calibrado, T = %2)</translation>
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
        <translation>No definido: esta clase no tiene positivos o no tiene negativos en los datos</translation>
    </message>
    <message>
        <source>Macro average</source>
        <translation>Promedio macro</translation>
    </message>
    <message>
        <source>Unweighted mean of the per-class F1 scores</source>
        <translation>Media no ponderada de las puntuaciones F1 por clase</translation>
    </message>
    <message>
        <source>Mean of the defined per-class AUROCs</source>
        <translation>Media de los AUROC por clase definidos</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>Exactitud</translation>
    </message>
    <message>
        <source>Fraction of films whose top class is right</source>
        <translation>Fracción de radiografías cuya clase principal es correcta</translation>
    </message>
    <message>
        <source>Curves need each film&apos;s scores, and these metrics come without them. Evaluate the model on a labelled folder (Model ▸ Evaluate on Folder…) to see them.</source>
        <translation>Las curvas necesitan las puntuaciones de cada radiografía, y estas métricas no las incluyen. Evalúe el modelo en una carpeta etiquetada (Modelo ▸ Evaluar en una carpeta…) para verlas.</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>AUROC per class (one-vs-rest): %1.

%2</source>
        <translation>AUROC por clase (uno contra el resto): %1.

%2</translation>
    </message>
    <message>
        <source>Expected calibration error: %1 before, %2 after temperature scaling (T = %3).</source>
        <translation>Error de calibración esperado: %1 antes y %2 tras el escalado de temperatura (T = %3).</translation>
    </message>
    <message>
        <source>Expected calibration error: %1 (T = %2).</source>
        <translation>Error de calibración esperado: %1 (T = %2).</translation>
    </message>
    <message>
        <source>%1: nothing to save, no evaluation is shown</source>
        <translation>%1: nada que guardar, no se muestra ninguna evaluación</translation>
    </message>
    <message>
        <source>%1: choose a .png or .pdf file name</source>
        <translation>%1: elija un nombre de archivo .png o .pdf</translation>
    </message>
    <message>
        <source>JSON, all metrics (*.json)</source>
        <translation>JSON, todas las métricas (*.json)</translation>
    </message>
    <message>
        <source>CSV, per-class table (*.csv)</source>
        <translation>CSV, tabla por clase (*.csv)</translation>
    </message>
    <message>
        <source>Save Metrics</source>
        <translation>Guardar métricas</translation>
    </message>
    <message>
        <source>Metrics saved to %1</source>
        <translation>Métricas guardadas en %1</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>Imágenes PNG (*.png)</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>Documentos PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Save Plots (one file per plot)</source>
        <translation>Guardar gráficos (un archivo por gráfico)</translation>
    </message>
    <message>
        <source>Written before the failure: %1</source>
        <translation>Escrito antes del fallo: %1</translation>
    </message>
    <message>
        <source>Save Plots</source>
        <translation>Guardar gráficos</translation>
    </message>
    <message>
        <source>Plots saved: %1</source>
        <translation>Gráficos guardados: %1</translation>
    </message>
    <message numerus="yes">
        <source>On %n film(s), a perfectly calibrated model would measure about %1 by chance alone.</source>
        <translation>
            <numerusform>En %n radiografía, un modelo perfectamente calibrado mediría alrededor de %1 solo por azar.</numerusform>
            <numerusform>En %n radiografías, un modelo perfectamente calibrado mediría alrededor de %1 solo por azar.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>chestlens::ui::FilmBrowser</name>
    <message>
        <source>No folder open</source>
        <translation>Ninguna carpeta abierta</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>Leyendo %1…</translation>
    </message>
    <message numerus="yes">
        <source>%n film(s)</source>
        <translation>
            <numerusform>%n radiografía</numerusform>
            <numerusform>%n radiografías</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 — %n film(s)</source>
        <translation>
            <numerusform>%1 — %n radiografía</numerusform>
            <numerusform>%1 — %n radiografías</numerusform>
        </translation>
    </message>
    <message>
        <source>cannot be read</source>
        <translation>no se puede leer</translation>
    </message>
    <message>
        <source>%1 · %2 %</source>
        <translation>%1 · %2 %</translation>
    </message>
    <message>
        <source>The model is unsure about this film.</source>
        <translation>El modelo tiene dudas sobre esta radiografía.</translation>
    </message>
    <message>
        <source>not applicable</source>
        <translation>no aplicable</translation>
    </message>
</context>
<context>
    <name>chestlens::ui::FilmView</name>
    <message>
        <source>Open a chest film with File ▸ Open,
or drop files or a folder here.</source>
        <translation>Abra una radiografía de tórax con Archivo ▸ Abrir,
o suelte aquí archivos o una carpeta.</translation>
    </message>
    <message>
        <source>manual</source>
        <translation>manual</translation>
    </message>
</context>
<context>
    <name>chestlens::ui::HeatmapControls</name>
    <message>
        <source>Show &amp;Heatmap</source>
        <translation>Mostrar &amp;mapa de calor</translation>
    </message>
    <message>
        <source>Show heatmap</source>
        <translation>Mostrar mapa de calor</translation>
    </message>
    <message>
        <source>Show or hide the Grad-CAM heatmap (H)</source>
        <translation>Muestra u oculta el mapa de calor Grad-CAM (H)</translation>
    </message>
    <message>
        <source>How the relevance is computed: Grad-CAM (standard), Grad-CAM++ (several findings), Layer-CAM (finer detail from earlier layers)</source>
        <translation>Cómo se calcula la relevancia: Grad-CAM (estándar), Grad-CAM++ (varios hallazgos), Layer-CAM (más detalle a partir de capas anteriores)</translation>
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
        <translation>Rojo</translation>
    </message>
    <message>
        <source>The class whose evidence the heatmap shows</source>
        <translation>La clase cuya evidencia muestra el mapa de calor</translation>
    </message>
    <message>
        <source>The network layer explained: later layers are coarser but more specific</source>
        <translation>La capa de la red que se explica: las capas posteriores son más gruesas pero más específicas</translation>
    </message>
    <message>
        <source>Heatmap opacity</source>
        <translation>Opacidad del mapa de calor</translation>
    </message>
    <message>
        <source>Hide relevance below this share of the maximum</source>
        <translation>Oculta la relevancia por debajo de esta proporción del máximo</translation>
    </message>
    <message>
        <source>Class:</source>
        <translation>Clase:</translation>
    </message>
    <message>
        <source>Method:</source>
        <translation>Método:</translation>
    </message>
    <message>
        <source>Layer:</source>
        <translation>Capa:</translation>
    </message>
    <message>
        <source>Colours:</source>
        <translation>Colores:</translation>
    </message>
    <message>
        <source>Opacity:</source>
        <translation>Opacidad:</translation>
    </message>
    <message>
        <source>Threshold:</source>
        <translation>Umbral:</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>Predicted class</source>
        <translation>Clase predicha</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>Predeterminada</translation>
    </message>
    <message>
        <source>Default (%1)</source>
        <translation>Predeterminada (%1)</translation>
    </message>
    <message>
        <source>Evidence for %1 (%2, layer %3). %4 % of the heat lies inside the chest.</source>
        <translation>Evidencia de %1 (%2, capa %3). El %4 % del calor se encuentra dentro del tórax.</translation>
    </message>
    <message>
        <source>Computing the heatmap…</source>
        <translation>Calculando el mapa de calor…</translation>
    </message>
    <message>
        <source>low</source>
        <translation>baja</translation>
    </message>
    <message>
        <source>high</source>
        <translation>alta</translation>
    </message>
    <message>
        <source>Relevance: low (left) to high (right)</source>
        <translation>Relevancia: de baja (izquierda) a alta (derecha)</translation>
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
        <translation>Predicción</translation>
    </message>
    <message>
        <source>Heatmap</source>
        <translation>Mapa de calor</translation>
    </message>
    <message>
        <source>Film information</source>
        <translation>Información de la radiografía</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Registro</translation>
    </message>
    <message>
        <source>Research use only — not for clinical diagnosis</source>
        <translation>Solo para uso en investigación — no apto para diagnóstico clínico</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>&amp;Abrir…</translation>
    </message>
    <message>
        <source>Open &amp;Folder…</source>
        <translation>Abrir &amp;carpeta…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+O</source>
        <translation>Ctrl+Shift+O</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>A&amp;cercar</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>Al&amp;ejar</translation>
    </message>
    <message>
        <source>&amp;Fit to Window</source>
        <translation>&amp;Ajustar a la ventana</translation>
    </message>
    <message>
        <source>Ctrl+0</source>
        <translation>Ctrl+0</translation>
    </message>
    <message>
        <source>&amp;Actual Size (1:1)</source>
        <translation>&amp;Tamaño real (1:1)</translation>
    </message>
    <message>
        <source>&amp;Invert</source>
        <translation>&amp;Invertir</translation>
    </message>
    <message>
        <source>&amp;Default Window</source>
        <translation>Ventana pre&amp;determinada</translation>
    </message>
    <message>
        <source>&amp;Lung Window</source>
        <translation>Ventana &amp;pulmonar</translation>
    </message>
    <message>
        <source>&amp;Bone Window</source>
        <translation>Ventana ó&amp;sea</translation>
    </message>
    <message>
        <source>&amp;Reset View</source>
        <translation>&amp;Restablecer vista</translation>
    </message>
    <message>
        <source>&amp;Next Film</source>
        <translation>&amp;Siguiente radiografía</translation>
    </message>
    <message>
        <source>&amp;Previous Film</source>
        <translation>Radiografía a&amp;nterior</translation>
    </message>
    <message>
        <source>Film &amp;List</source>
        <translation>&amp;Lista de radiografías</translation>
    </message>
    <message>
        <source>Ctrl+B</source>
        <translation>Ctrl+B</translation>
    </message>
    <message>
        <source>F&amp;ull Screen</source>
        <translation>&amp;Pantalla completa</translation>
    </message>
    <message>
        <source>&amp;Load Model…</source>
        <translation>&amp;Cargar modelo…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+M</source>
        <translation>Ctrl+Shift+M</translation>
    </message>
    <message>
        <source>Model &amp;Card…</source>
        <translation>&amp;Ficha del modelo…</translation>
    </message>
    <message>
        <source>Ctrl+M</source>
        <translation>Ctrl+M</translation>
    </message>
    <message>
        <source>&amp;Train Model…</source>
        <translation>E&amp;ntrenar modelo…</translation>
    </message>
    <message>
        <source>Ctrl+T</source>
        <translation>Ctrl+T</translation>
    </message>
    <message>
        <source>&amp;Evaluate on Folder…</source>
        <translation>&amp;Evaluar en una carpeta…</translation>
    </message>
    <message>
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
    </message>
    <message>
        <source>Export &amp;Report…</source>
        <translation>Exportar &amp;informe…</translation>
    </message>
    <message>
        <source>Ctrl+P</source>
        <translation>Ctrl+P</translation>
    </message>
    <message>
        <source>Export &amp;Batch Report…</source>
        <translation>Exportar informe por &amp;lotes…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+P</source>
        <translation>Ctrl+Shift+P</translation>
    </message>
    <message>
        <source>&amp;Restore Bundled Default</source>
        <translation>&amp;Restaurar el modelo predeterminado incluido</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts…</source>
        <translation>A&amp;tajos de teclado…</translation>
    </message>
    <message>
        <source>&amp;About ChestLens</source>
        <translation>&amp;Acerca de ChestLens</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>Abrir &amp;reciente</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ver</translation>
    </message>
    <message>
        <source>&amp;Window/Level</source>
        <translation>&amp;Ventana/nivel</translation>
    </message>
    <message>
        <source>&amp;Log</source>
        <translation>Re&amp;gistro</translation>
    </message>
    <message>
        <source>Ctrl+Shift+L</source>
        <translation>Ctrl+Shift+L</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>I&amp;dioma</translation>
    </message>
    <message>
        <source>&amp;Model</source>
        <translation>&amp;Modelo</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>A&amp;yuda</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Acerca de &amp;Qt</translation>
    </message>
    <message>
        <source>System Default</source>
        <translation>Predeterminado del sistema</translation>
    </message>
    <message>
        <source>The new language applies when ChestLens is restarted.</source>
        <translation>El nuevo idioma se aplicará cuando se reinicie ChestLens.</translation>
    </message>
    <message>
        <source>Model loaded: %1</source>
        <translation>Modelo cargado: %1</translation>
    </message>
    <message>
        <source>Could not load the model used last time (%1). Using the bundled default.</source>
        <translation>No se pudo cargar el modelo usado la última vez (%1). Se usa el predeterminado incluido.</translation>
    </message>
    <message>
        <source>No model loaded: %1. Load one with Model ▸ Load Model…</source>
        <translation>No hay ningún modelo cargado: %1. Cargue uno con Modelo ▸ Cargar modelo…</translation>
    </message>
    <message>
        <source>Could not load the model: %1. The previous model stays in use.</source>
        <translation>No se pudo cargar el modelo: %1. Se sigue usando el modelo anterior.</translation>
    </message>
    <message>
        <source>Cannot open %1: %2</source>
        <translation>No se puede abrir %1: %2</translation>
    </message>
    <message>
        <source>No films found in %1 (looked for %2).</source>
        <translation>No se encontraron radiografías en %1 (se buscó %2).</translation>
    </message>
    <message>
        <source>%1: file not found</source>
        <translation>%1: no se encontró el archivo</translation>
    </message>
    <message>
        <source>%1: not a readable folder</source>
        <translation>%1: no es una carpeta legible</translation>
    </message>
    <message>
        <source>Open Films</source>
        <translation>Abrir radiografías</translation>
    </message>
    <message>
        <source>Chest films (%1);;All files (*)</source>
        <translation>Radiografías de tórax (%1);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>Open Folder</source>
        <translation>Abrir carpeta</translation>
    </message>
    <message>
        <source>Load Model</source>
        <translation>Cargar modelo</translation>
    </message>
    <message>
        <source>ChestLens models (*.clm);;TorchScript models (*.pt *.pth);;All files (*)</source>
        <translation>Modelos de ChestLens (*.clm);;Modelos TorchScript (*.pt *.pth);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>No model is loaded.</source>
        <translation>No hay ningún modelo cargado.</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Archivo</translation>
    </message>
    <message>
        <source>Film</source>
        <translation>Radiografía</translation>
    </message>
    <message>
        <source>Browsing</source>
        <translation>Navegación</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modelo</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>Ayuda</translation>
    </message>
    <message>
        <source>About ChestLens</source>
        <translation>Acerca de ChestLens</translation>
    </message>
    <message>
        <source>&lt;h3&gt;ChestLens %1&lt;/h3&gt;&lt;p&gt;Chest X-ray classification (normal, COVID-19, pneumonia, tuberculosis) with calibrated probabilities and Grad-CAM heatmaps.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Not for clinical use.&lt;/b&gt; Research use only — not for clinical diagnosis. The results have not been validated for patient care.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;ChestLens %1&lt;/h3&gt;&lt;p&gt;Clasificación de radiografías de tórax (normal, COVID-19, neumonía, tuberculosis) con probabilidades calibradas y mapas de calor Grad-CAM.&lt;/p&gt;&lt;p&gt;&lt;b&gt;No apto para uso clínico.&lt;/b&gt; Solo para uso en investigación; no apto para diagnóstico clínico. Los resultados no se han validado para la atención de pacientes.&lt;/p&gt;</translation>
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
        <translation>Ajuste %1 %</translation>
    </message>
    <message>
        <source>Zoom %1 %</source>
        <translation>Zoom %1 %</translation>
    </message>
    <message>
        <source>No film open</source>
        <translation>Ninguna radiografía abierta</translation>
    </message>
    <message>
        <source>%v of %m predicted</source>
        <translation>%v de %m predichas</translation>
    </message>
    <message>
        <source>Predicting the films of the folder in the background</source>
        <translation>Prediciendo en segundo plano las radiografías de la carpeta</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>Procesando…</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Advertencia</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>Información</translation>
    </message>
</context>
<context>
    <name>chestlens::ui::MessageBar</name>
    <message>
        <source>Log</source>
        <translation>Registro</translation>
    </message>
    <message>
        <source>Show all messages</source>
        <translation>Mostrar todos los mensajes</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Descartar</translation>
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
        <translation>C %1 / A %2</translation>
    </message>
    <message>
        <source>, inverted</source>
        <translation>, invertida</translation>
    </message>
    <message>
        <source>Show patient information</source>
        <translation>Mostrar información del paciente</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Campo</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Valor</translation>
    </message>
    <message>
        <source>Patient and study fields are identifying. They are hidden unless you choose to show them.</source>
        <translation>Los campos de paciente y estudio son identificativos. Permanecen ocultos a menos que decida mostrarlos.</translation>
    </message>
    <message>
        <source>No film open</source>
        <translation>Ninguna radiografía abierta</translation>
    </message>
    <message>
        <source>%1 × %2 mm</source>
        <translation>%1 × %2 mm</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>Imagen</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Archivo</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Formato</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Tamaño</translation>
    </message>
    <message>
        <source>%1 × %2 px</source>
        <translation>%1 × %2 px</translation>
    </message>
    <message>
        <source>Bits stored</source>
        <translation>Bits almacenados</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 de %2</translation>
    </message>
    <message>
        <source>Signed</source>
        <translation>Con signo</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>sí</translation>
    </message>
    <message>
        <source>Photometric</source>
        <translation>Interpretación fotométrica</translation>
    </message>
    <message>
        <source>Value range</source>
        <translation>Rango de valores</translation>
    </message>
    <message>
        <source>%1 … %2</source>
        <translation>%1 … %2</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>Ventana</translation>
    </message>
    <message>
        <source>Frames</source>
        <translation>Fotogramas</translation>
    </message>
    <message>
        <source>%1 (first shown)</source>
        <translation>%1 (se muestra el primero)</translation>
    </message>
    <message>
        <source>DICOM</source>
        <translation>DICOM</translation>
    </message>
    <message>
        <source>Modality</source>
        <translation>Modalidad</translation>
    </message>
    <message>
        <source>Body part</source>
        <translation>Región anatómica</translation>
    </message>
    <message>
        <source>View position</source>
        <translation>Proyección</translation>
    </message>
    <message>
        <source>Pixel spacing</source>
        <translation>Espaciado de píxel</translation>
    </message>
    <message>
        <source>Imager pixel spacing</source>
        <translation>Espaciado de píxel del detector</translation>
    </message>
    <message>
        <source>Transfer syntax</source>
        <translation>Sintaxis de transferencia</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>SOP class</source>
        <translation>Clase SOP</translation>
    </message>
    <message>
        <source>Modality LUT</source>
        <translation>LUT de modalidad</translation>
    </message>
    <message>
        <source>applied</source>
        <translation>aplicada</translation>
    </message>
    <message>
        <source>Rescale</source>
        <translation>Reescalado</translation>
    </message>
    <message>
        <source>× %1 + %2 %3</source>
        <translation>× %1 + %2 %3</translation>
    </message>
    <message>
        <source>Window preset %1</source>
        <translation>Ventana predefinida %1</translation>
    </message>
    <message>
        <source>C %1 / W %2 %3</source>
        <translation>C %1 / A %2 %3</translation>
    </message>
    <message>
        <source>present</source>
        <translation>presente</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notas</translation>
    </message>
    <message>
        <source>Patient and study</source>
        <translation>Paciente y estudio</translation>
    </message>
    <message>
        <source>(none in this file)</source>
        <translation>(ninguno en este archivo)</translation>
    </message>
</context>
<context>
    <name>chestlens::ui::ModelCardDialog</name>
    <message>
        <source>Model Card</source>
        <translation>Ficha del modelo</translation>
    </message>
    <message>
        <source>Unnamed model</source>
        <translation>Modelo sin nombre</translation>
    </message>
    <message>
        <source>A research model: its validation metrics come from public data sets and do not establish clinical performance. Not for clinical use.</source>
        <translation>Un modelo de investigación: sus métricas de validación proceden de conjuntos de datos públicos y no establecen su rendimiento clínico. No apto para uso clínico.</translation>
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
        <translation>No hay ningún modelo cargado. Cargue uno con Modelo ▸ Cargar modelo…</translation>
    </message>
    <message>
        <source>Predicting…</source>
        <translation>Prediciendo…</translation>
    </message>
    <message>
        <source>Open a film to see the class probabilities.</source>
        <translation>Abra una radiografía para ver las probabilidades de cada clase.</translation>
    </message>
    <message>
        <source>%1 — %2 %</source>
        <translation>%1 — %2 %</translation>
    </message>
    <message>
        <source>No prediction</source>
        <translation>Sin predicción</translation>
    </message>
    <message>
        <source>Its highest probability is only %1 %, so no class clearly stands out.</source>
        <translation>Su probabilidad más alta es solo del %1 %, por lo que ninguna clase destaca con claridad.</translation>
    </message>
    <message>
        <source>Slightly shifted or zoomed copies of the film change the answer.</source>
        <translation>Copias ligeramente desplazadas o ampliadas de la radiografía cambian la respuesta.</translation>
    </message>
    <message>
        <source>Caution: the model is unsure about this film. %1 Treat the result as inconclusive.</source>
        <translation>Precaución: el modelo tiene dudas sobre esta radiografía. %1 Considere el resultado no concluyente.</translation>
    </message>
    <message>
        <source>Not applicable</source>
        <translation>No aplicable</translation>
    </message>
    <message>
        <source>The model was trained on frontal chest radiographs only; its probabilities for this image mean nothing.</source>
        <translation>El modelo se entrenó solo con radiografías de tórax frontales; sus probabilidades para esta imagen no significan nada.</translation>
    </message>
</context>
<context>
    <name>chestlens::ui::RecentFiles</name>
    <message>
        <source>%1 (folder)</source>
        <translation>%1 (carpeta)</translation>
    </message>
    <message>
        <source>No recent files</source>
        <translation>No hay archivos recientes</translation>
    </message>
    <message>
        <source>Clear list</source>
        <translation>Borrar lista</translation>
    </message>
</context>
<context>
    <name>chestlens::ui::ReliabilityPlot</name>
    <message>
        <source>Confidence (top-class probability)</source>
        <translation>Confianza (probabilidad de la clase principal)</translation>
    </message>
    <message>
        <source>Accuracy in the bin</source>
        <translation>Exactitud en el intervalo</translation>
    </message>
    <message>
        <source>After temperature scaling</source>
        <translation>Tras el escalado de temperatura</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>Antes</translation>
    </message>
    <message>
        <source>Perfect calibration</source>
        <translation>Calibración perfecta</translation>
    </message>
    <message>
        <source>Point at a bin to read its films, accuracy and confidence.</source>
        <translation>Señale un intervalo para ver sus radiografías, exactitud y confianza.</translation>
    </message>
    <message>
        <source>Not temperature-scaled, T = 1 (ECE %1)</source>
        <translation>Sin escalado de temperatura, T = 1 (ECE %1)</translation>
    </message>
    <message>
        <source>After temperature scaling, T = %1 (ECE %2)</source>
        <translation>Tras el escalado de temperatura, T = %1 (ECE %2)</translation>
    </message>
    <message>
        <source>Before, T = 1 (ECE %1)</source>
        <translation>Antes, T = 1 (ECE %1)</translation>
    </message>
    <message>
        <source>&lt;b&gt;Confidence %1 – %2&lt;/b&gt;</source>
        <translation>&lt;b&gt;Confianza %1 – %2&lt;/b&gt;</translation>
    </message>
    <message>
        <source>no films</source>
        <translation>sin radiografías</translation>
    </message>
    <message numerus="yes">
        <source>%n film(s), accuracy %1, mean confidence %2 (gap %3)</source>
        <translation>
            <numerusform>%n radiografía, exactitud %1, confianza media %2 (diferencia %3)</numerusform>
            <numerusform>%n radiografías, exactitud %1, confianza media %2 (diferencia %3)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>chestlens::ui::ReportDialog</name>
    <message>
        <source>Export Batch Report</source>
        <translation>Exportar informe por lotes</translation>
    </message>
    <message>
        <source>Export Report</source>
        <translation>Exportar informe</translation>
    </message>
    <message>
        <source>%1 films from %2: a summary page, then one page per film.</source>
        <translation>%1 radiografías de %2: una página de resumen y después una página por radiografía.</translation>
    </message>
    <message>
        <source>The current film, %1, with its heatmap as shown.</source>
        <translation>La radiografía actual, %1, con su mapa de calor tal como se muestra.</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Examinar…</translation>
    </message>
    <message>
        <source>&amp;Anonymise: no patient or study fields, films labelled &quot;Film N&quot; instead of their file names</source>
        <translation>&amp;Anonimizar: sin campos de paciente ni de estudio; radiografías rotuladas como &quot;Radiografía N&quot; en lugar de con su nombre de archivo</translation>
    </message>
    <message>
        <source>Include &amp;patient and study fields from the DICOM header</source>
        <translation>Incluir los campos de &amp;paciente y estudio de la cabecera DICOM</translation>
    </message>
    <message>
        <source>Names, IDs, birth date, accession number, institution, physicians, dates and UIDs. Only while Anonymise is off.</source>
        <translation>Nombres, identificadores, fecha de nacimiento, número de acceso, institución, médicos, fechas y UID. Solo si Anonimizar está desactivado.</translation>
    </message>
    <message>
        <source>Findings for the batch (printed on the summary page)</source>
        <translation>Hallazgos del lote (se imprimen en la página de resumen)</translation>
    </message>
    <message>
        <source>Findings (printed in the report&apos;s findings box)</source>
        <translation>Hallazgos (se imprimen en el recuadro de hallazgos del informe)</translation>
    </message>
    <message>
        <source>&amp;Open the PDF when done</source>
        <translation>Abrir el PDF al &amp;terminar</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>&amp;Exportar</translation>
    </message>
    <message>
        <source>Save as:</source>
        <translation>Guardar como:</translation>
    </message>
    <message>
        <source>Page size:</source>
        <translation>Tamaño de página:</translation>
    </message>
    <message>
        <source>Findings:</source>
        <translation>Hallazgos:</translation>
    </message>
    <message>
        <source>Save Report</source>
        <translation>Guardar informe</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <source>Loading the model…</source>
        <translation>Cargando el modelo…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Cancelando…</translation>
    </message>
    <message>
        <source>Written: %1 (pages: %2).</source>
        <translation>Escrito: %1 (páginas: %2).</translation>
    </message>
    <message>
        <source>Left out (could not be read): %1</source>
        <translation>Excluidas (no se pudieron leer): %1</translation>
    </message>
    <message>
        <source>Cancelled; no file was written.</source>
        <translation>Cancelado; no se ha escrito ningún archivo.</translation>
    </message>
</context>
<context>
    <name>chestlens::ui::RocPlot</name>
    <message>
        <source>False positive rate (1 − specificity)</source>
        <translation>Tasa de falsos positivos (1 − especificidad)</translation>
    </message>
    <message>
        <source>True positive rate (sensitivity)</source>
        <translation>Tasa de verdaderos positivos (sensibilidad)</translation>
    </message>
    <message>
        <source>Chance (AUROC 0.500)</source>
        <translation>Azar (AUROC 0.500)</translation>
    </message>
    <message>
        <source>%1 (AUROC %2)</source>
        <translation>%1 (AUROC %2)</translation>
    </message>
    <message>
        <source>%1 (AUROC undefined)</source>
        <translation>%1 (AUROC no definido)</translation>
    </message>
    <message>
        <source>Point at a curve to read its threshold, sensitivity and specificity.</source>
        <translation>Señale una curva para ver su umbral, sensibilidad y especificidad.</translation>
    </message>
    <message>
        <source>%1 when p(%1) ≥ %2</source>
        <translation>%1 si p(%1) ≥ %2</translation>
    </message>
    <message>
        <source>nothing called %1</source>
        <translation>ninguna radiografía se clasifica como %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;: TPR (sensitivity) %2, FPR %3 (specificity %4)&lt;br&gt;%5 of %6 %7 films found; %8 of %9 other films flagged</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;: TVP (sensibilidad) %2, TFP %3 (especificidad %4)&lt;br&gt;%5 de %6 radiografías de %7 detectadas; %8 de %9 radiografías de otras clases señaladas</translation>
    </message>
</context>
<context>
    <name>chestlens::ui::ScreenshotRunner</name>
    <message>
        <source>the film</source>
        <translation>la radiografía</translation>
    </message>
    <message>
        <source>the heatmap</source>
        <translation>el mapa de calor</translation>
    </message>
    <message>
        <source>the prediction</source>
        <translation>la predicción</translation>
    </message>
    <message>
        <source>%1: timed out after %2 s waiting for %3</source>
        <translation>%1: se agotó el tiempo tras %2 s esperando %3</translation>
    </message>
    <message>
        <source>%1: cannot predict, no model loaded (%2)</source>
        <translation>%1: no se puede predecir, no hay ningún modelo cargado (%2)</translation>
    </message>
    <message>
        <source>%1: cannot write the screenshot</source>
        <translation>%1: no se puede escribir la captura de pantalla</translation>
    </message>
    <message>
        <source>Saved %1 (%2 × %3)</source>
        <translation>Se guardó %1 (%2 × %3)</translation>
    </message>
</context>
<context>
    <name>chestlens::ui::ShortcutsDialog</name>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>Atajos de teclado</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Acción</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>Atajo</translation>
    </message>
    <message>
        <source> or </source>
        <translation> o </translation>
    </message>
    <message>
        <source>Film view (mouse)</source>
        <translation>Vista de la radiografía (ratón)</translation>
    </message>
    <message>
        <source>Zoom around the pointer</source>
        <translation>Zoom alrededor del puntero</translation>
    </message>
    <message>
        <source>Wheel</source>
        <translation>Rueda</translation>
    </message>
    <message>
        <source>Pan</source>
        <translation>Desplazar</translation>
    </message>
    <message>
        <source>Left or middle drag</source>
        <translation>Arrastrar con el botón izquierdo o central</translation>
    </message>
    <message>
        <source>Window/level (width: left–right, level: up–down)</source>
        <translation>Ventana/nivel (anchura: izquierda–derecha, nivel: arriba–abajo)</translation>
    </message>
    <message>
        <source>Right drag</source>
        <translation>Arrastrar con el botón derecho</translation>
    </message>
    <message>
        <source>Fit to window</source>
        <translation>Ajustar a la ventana</translation>
    </message>
    <message>
        <source>Double-click</source>
        <translation>Doble clic</translation>
    </message>
    <message>
        <source>Open films or a folder</source>
        <translation>Abrir radiografías o una carpeta</translation>
    </message>
    <message>
        <source>Drop them on the window</source>
        <translation>Soltarlos en la ventana</translation>
    </message>
</context>
<context>
    <name>chestlens::ui::TrainingDialog</name>
    <message>
        <source>Train a Model</source>
        <translation>Entrenar un modelo</translation>
    </message>
    <message>
        <source>Looking for duplicates… %1 of %2 films</source>
        <translation>Buscando duplicados… %1 de %2 radiografías</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>Duplicate search stopped (training runs its own).</source>
        <translation>Búsqueda de duplicados detenida (el entrenamiento realiza la suya).</translation>
    </message>
    <message>
        <source>Preparing: %1 (%2 of %3)</source>
        <translation>Preparando: %1 (%2 de %3)</translation>
    </message>
    <message>
        <source>DIR/&lt;class&gt;/&lt;image&gt;</source>
        <translation>DIR/&lt;clase&gt;/&lt;imagen&gt;</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Examinar…</translation>
    </message>
    <message>
        <source>Labelled folder:</source>
        <translation>Carpeta etiquetada:</translation>
    </message>
    <message>
        <source>Classes:</source>
        <translation>Clases:</translation>
    </message>
    <message>
        <source>Review…</source>
        <translation>Revisar…</translation>
    </message>
    <message>
        <source>Duplicates:</source>
        <translation>Duplicados:</translation>
    </message>
    <message>
        <source>Leave them out (recommended)</source>
        <translation>Excluirlos (recomendado)</translation>
    </message>
    <message>
        <source>Leave duplicates and label conflicts out of training and validation. Copies of one film in both the training and the validation split inflate validation accuracy; films filed under two classes teach the model noise.</source>
        <translation>Excluye los duplicados y los conflictos de etiquetas del entrenamiento y la validación. Las copias de una misma radiografía en los conjuntos de entrenamiento y de validación inflan la exactitud de validación; las radiografías archivadas en dos clases enseñan ruido al modelo.</translation>
    </message>
    <message>
        <source>Architecture:</source>
        <translation>Arquitectura:</translation>
    </message>
    <message>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <source>Input size:</source>
        <translation>Tamaño de entrada:</translation>
    </message>
    <message>
        <source>Epochs (at most):</source>
        <translation>Épocas (como máximo):</translation>
    </message>
    <message>
        <source>Batch size:</source>
        <translation>Tamaño de lote:</translation>
    </message>
    <message>
        <source>Learning rate:</source>
        <translation>Tasa de aprendizaje:</translation>
    </message>
    <message>
        <source> epochs</source>
        <translation> épocas</translation>
    </message>
    <message>
        <source>off</source>
        <translation>desactivada</translation>
    </message>
    <message>
        <source>Early stopping after:</source>
        <translation>Parada temprana tras:</translation>
    </message>
    <message>
        <source>Validation fraction:</source>
        <translation>Fracción de validación:</translation>
    </message>
    <message>
        <source>Augment</source>
        <translation>Aumentar</translation>
    </message>
    <message>
        <source>strength </source>
        <translation>intensidad </translation>
    </message>
    <message>
        <source>Augmentation:</source>
        <translation>Aumento de datos:</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>Semilla:</translation>
    </message>
    <message>
        <source>model.clm</source>
        <translation>modelo.clm</translation>
    </message>
    <message>
        <source>Save model as:</source>
        <translation>Guardar modelo como:</translation>
    </message>
    <message>
        <source>Start Training</source>
        <translation>Iniciar entrenamiento</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Reanudar</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pausar</translation>
    </message>
    <message>
        <source>Cancel Run</source>
        <translation>Cancelar ejecución</translation>
    </message>
    <message>
        <source>Choose a labelled folder to begin.</source>
        <translation>Elija una carpeta etiquetada para empezar.</translation>
    </message>
    <message>
        <source>Results appear here when a run finishes.</source>
        <translation>Los resultados aparecen aquí cuando termina una ejecución.</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Progreso</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Registro</translation>
    </message>
    <message>
        <source>Validation results</source>
        <translation>Resultados de validación</translation>
    </message>
    <message>
        <source>Use This Model</source>
        <translation>Usar este modelo</translation>
    </message>
    <message>
        <source>Save Curves…</source>
        <translation>Guardar curvas…</translation>
    </message>
    <message>
        <source>Labelled Folder</source>
        <translation>Carpeta etiquetada</translation>
    </message>
    <message>
        <source>Save Model As</source>
        <translation>Guardar modelo como</translation>
    </message>
    <message>
        <source>ChestLens models (*.clm)</source>
        <translation>Modelos de ChestLens (*.clm)</translation>
    </message>
    <message>
        <source>Scanning…</source>
        <translation>Analizando…</translation>
    </message>
    <message>
        <source>Waiting for the scan…</source>
        <translation>Esperando al análisis de la carpeta…</translation>
    </message>
    <message>
        <source>An interrupted run left a checkpoint (%1, %2): Resume continues it.</source>
        <translation>Una ejecución interrumpida dejó un punto de control (%1, %2): Reanudar la continúa.</translation>
    </message>
    <message numerus="yes">
        <source>%n film(s): %1</source>
        <translation>
            <numerusform>%n radiografía: %1</numerusform>
            <numerusform>%n radiografías: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Very few films in %1: the model cannot learn or be validated reliably there.</source>
        <translation>Muy pocas radiografías en %1: ahí el modelo no puede aprender ni validarse de forma fiable.</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) ignored (not images).</source>
        <translation>
            <numerusform>%n archivo ignorado (no es una imagen).</numerusform>
            <numerusform>%n archivos ignorados (no son imágenes).</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 exact and %2 near duplicates, %3 label conflicts (%4 films); %5 films would be left out.</source>
        <translation>%1 duplicados exactos y %2 casi idénticos, %3 conflictos de etiquetas (%4 radiografías); se excluirían %5 radiografías.</translation>
    </message>
    <message numerus="yes">
        <source>%n film(s) cannot be read and will be skipped.</source>
        <translation>
            <numerusform>%n radiografía no se puede leer y se omitirá.</numerusform>
            <numerusform>%n radiografías no se pueden leer y se omitirán.</numerusform>
        </translation>
    </message>
    <message>
        <source>Unreadable films (skipped):
%1</source>
        <translation>Radiografías ilegibles (omitidas):
%1</translation>
    </message>
    <message>
        <source>
… and %1 more</source>
        <translation>
… y %1 más</translation>
    </message>
    <message>
        <source>%1: choose an existing labelled folder (DIR/&lt;class&gt;/&lt;image&gt;).</source>
        <translation>%1: elija una carpeta etiquetada existente (DIR/&lt;clase&gt;/&lt;imagen&gt;).</translation>
    </message>
    <message>
        <source>No folder</source>
        <translation>Ninguna carpeta</translation>
    </message>
    <message>
        <source>%1: the folder is still being scanned; try again in a moment.</source>
        <translation>%1: todavía se está analizando la carpeta; inténtelo de nuevo en un momento.</translation>
    </message>
    <message>
        <source>Choose where to save the model.</source>
        <translation>Elija dónde guardar el modelo.</translation>
    </message>
    <message>
        <source>%1: cannot write the model there (the folder does not exist or is read-only).</source>
        <translation>%1: no se puede escribir el modelo ahí (la carpeta no existe o es de solo lectura).</translation>
    </message>
    <message>
        <source>Replace Model?</source>
        <translation>¿Reemplazar el modelo?</translation>
    </message>
    <message>
        <source>%1 exists. Replace it when the run finishes?</source>
        <translation>%1 ya existe. ¿Desea reemplazarlo cuando termine la ejecución?</translation>
    </message>
    <message>
        <source>%1 training %2 → %3</source>
        <translation>%1 entrenamiento %2 → %3</translation>
    </message>
    <message>
        <source>Resuming…</source>
        <translation>Reanudando…</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Iniciando…</translation>
    </message>
    <message>
        <source>Cancelling: the run stops after the current batch and keeps its best epoch…</source>
        <translation>Cancelando: la ejecución se detiene tras el lote actual y conserva su mejor época…</translation>
    </message>
    <message>
        <source>Paused after the current batch. Resume continues where it stopped.</source>
        <translation>En pausa tras el lote actual. Reanudar continúa donde se detuvo.</translation>
    </message>
    <message>
        <source>Epoch %1 of at most %2 · batch %3 of %4 · %5 images/s · ETA %6 (early stopping may end it sooner)</source>
        <translation>Época %1 de %2 como máximo · lote %3 de %4 · %5 imágenes/s · tiempo restante %6 (la parada temprana puede terminarla antes)</translation>
    </message>
    <message>
        <source>epoch %1/%2: train loss %3 acc %4 · val loss %5 acc %6 macro-F1 %7 · %8%9</source>
        <translation>época %1/%2: pérdida entr. %3 exact. %4 · pérdida val. %5 exact. %6 F1 macro %7 · %8%9</translation>
    </message>
    <message>
        <source> · best so far</source>
        <translation> · la mejor hasta ahora</translation>
    </message>
    <message>
        <source>Cancelled after epoch %1; the model keeps epoch %2.</source>
        <translation>Cancelado tras la época %1; el modelo conserva la época %2.</translation>
    </message>
    <message>
        <source>Finished after %1 epochs; the model keeps epoch %2.</source>
        <translation>Terminado tras %1 épocas; el modelo conserva la época %2.</translation>
    </message>
    <message>
        <source>Validation accuracy %1, macro-F1 %2, ECE %3 (before calibration %4). Saved to %5 (%6).</source>
        <translation>Exactitud de validación %1, F1 macro %2, ECE %3 (antes de la calibración %4). Guardado en %5 (%6).</translation>
    </message>
    <message>
        <source>Validation split of this run: %1 films, epoch %2, calibrated with temperature %3.</source>
        <translation>Conjunto de validación de esta ejecución: %1 radiografías, época %2, calibrado con temperatura %3.</translation>
    </message>
    <message>
        <source>Cancelled before the first epoch finished: no model was written.</source>
        <translation>Cancelado antes de terminar la primera época: no se ha escrito ningún modelo.</translation>
    </message>
    <message>
        <source>Training failed.</source>
        <translation>El entrenamiento ha fallado.</translation>
    </message>
    <message>
        <source>Stop Training?</source>
        <translation>¿Detener el entrenamiento?</translation>
    </message>
    <message>
        <source>A training run is in progress. Stop it and close? The best epoch so far is saved to %1.</source>
        <translation>Hay un entrenamiento en curso. ¿Desea detenerlo y cerrar? La mejor época hasta ahora se guarda en %1.</translation>
    </message>
    <message>
        <source>Save Training Curves</source>
        <translation>Guardar curvas de entrenamiento</translation>
    </message>
    <message>
        <source>PNG image (*.png);;PDF document (*.pdf)</source>
        <translation>Imagen PNG (*.png);;Documento PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Local training processes (data-parallel, gradients averaged every step). The cores are split between them; the batch size is the total over all processes.</source>
        <translation>Procesos de entrenamiento locales (paralelismo de datos, gradientes promediados en cada paso). Los núcleos se reparten entre ellos; el tamaño de lote es el total de todos los procesos.</translation>
    </message>
    <message>
        <source>Processes:</source>
        <translation>Procesos:</translation>
    </message>
    <message>
        <source>1 network (no ensemble)</source>
        <translation>1 red (sin conjunto)</translation>
    </message>
    <message>
        <source> networks</source>
        <translation> redes</translation>
    </message>
    <message>
        <source>Train this many networks one after another on the same split, each from its own random start, and save them as one model that averages their probabilities: usually more accurate and better calibrated, at this many times the training and prediction time.</source>
        <translation>Entrenar este número de redes una tras otra con la misma partición, cada una desde su propio inicio aleatorio, y guardarlas como un modelo que promedia sus probabilidades: normalmente más preciso y mejor calibrado, a cambio de multiplicar el tiempo de entrenamiento y de predicción.</translation>
    </message>
    <message>
        <source>Ensemble:</source>
        <translation>Conjunto:</translation>
    </message>
    <message>
        <source>An interrupted ensemble run left its networks (%1, …): Resume with the same settings reuses the finished ones and continues the interrupted one.</source>
        <translation>Un entrenamiento de conjunto interrumpido dejó sus redes (%1, …): «Reanudar» con los mismos ajustes reutiliza las terminadas y continúa la interrumpida.</translation>
    </message>
    <message>
        <source>An ensemble trains its networks one after another in one process: set Processes to 1.</source>
        <translation>Un conjunto entrena sus redes una tras otra en un solo proceso: ponga Procesos en 1.</translation>
    </message>
    <message>
        <source>Network %1 of %2</source>
        <translation>Red %1 de %2</translation>
    </message>
    <message>
        <source>Network %1 of %2 · </source>
        <translation>Red %1 de %2 · </translation>
    </message>
    <message>
        <source>Cancelled; the model averages the networks finished so far (%1 epochs in all). Resume with the same settings continues it.</source>
        <translation>Cancelado; el modelo promedia las redes terminadas hasta ahora (%1 épocas en total). «Reanudar» con los mismos ajustes lo continúa.</translation>
    </message>
    <message>
        <source>Finished: an ensemble of %1 networks (%2 epochs in all).</source>
        <translation>Terminado: un conjunto de %1 redes (%2 épocas en total).</translation>
    </message>
    <message>
        <source>Validation split of this run: %1 films, ensemble of the networks&apos; best epochs, calibrated with temperature %2.</source>
        <translation>Partición de validación de este entrenamiento: %1 radiografías, conjunto de las mejores épocas de las redes, calibrado con temperatura %2.</translation>
    </message>
    <message>
        <source>Crop the central square</source>
        <translation>Recortar el cuadrado central</translation>
    </message>
    <message>
        <source>Stretch the whole film</source>
        <translation>Estirar la radiografía entera</translation>
    </message>
    <message>
        <source>How a film becomes the square input. Cropping keeps the anatomy&apos;s proportions; stretching squeezes wide films, and since the width of a film often depends on its hospital (and in public data on the class), a network can learn the squeeze instead of the disease.</source>
        <translation>Cómo una radiografía se convierte en la entrada cuadrada. El recorte conserva las proporciones de la anatomía; el estiramiento comprime las radiografías anchas y, como la anchura de una radiografía suele depender del hospital (y en los datos públicos, de la clase), una red puede aprender la compresión en lugar de la enfermedad.</translation>
    </message>
    <message>
        <source>Film shape:</source>
        <translation>Forma de la imagen:</translation>
    </message>
    <message>
        <source>Random weights</source>
        <translation>Pesos aleatorios</translation>
    </message>
    <message>
        <source>ImageNet weights (MobileNetV2)</source>
        <translation>Pesos de ImageNet (MobileNetV2)</translation>
    </message>
    <message>
        <source>Model file…</source>
        <translation>Archivo de modelo…</translation>
    </message>
    <message>
        <source>Where the weights start. A model is retrained on the folder: its network and film preparation are kept; with the same classes its classifier continues, with other classes it gets a new one on the same features.</source>
        <translation>De dónde parten los pesos. Un modelo se reentrena con la carpeta: se conservan su red y la preparación de las placas; con las mismas clases su clasificador continúa, con otras clases recibe uno nuevo sobre las mismas características.</translation>
    </message>
    <message>
        <source>Start from:</source>
        <translation>Partir de:</translation>
    </message>
    <message>
        <source>Train only the classifier (freeze the pretrained layers)</source>
        <translation>Entrenar solo el clasificador (congelar las capas preentrenadas)</translation>
    </message>
    <message>
        <source>For a few dozen films: the pretrained features stay as they are.</source>
        <translation>Para unas pocas docenas de placas: las características preentrenadas se quedan como están.</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>automático</translation>
    </message>
    <message>
        <source>Pretrained layers&apos; rate:</source>
        <translation>Tasa de las capas preentrenadas:</translation>
    </message>
    <message>
        <source>Start from Model</source>
        <translation>Partir de un modelo</translation>
    </message>
    <message>
        <source>Retrain %1</source>
        <translation>Reentrenar %1</translation>
    </message>
</context>
<context>
    <name>chestlens::ui::TrainingPlots</name>
    <message>
        <source>loss</source>
        <translation>pérdida</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>exactitud</translation>
    </message>
    <message>
        <source>training (per batch)</source>
        <translation>entrenamiento (por lote)</translation>
    </message>
    <message>
        <source>training (smoothed)</source>
        <translation>entrenamiento (suavizado)</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>validación</translation>
    </message>
    <message>
        <source>Hover over a plot to read its values.</source>
        <translation>Pase el puntero sobre un gráfico para ver sus valores.</translation>
    </message>
    <message>
        <source>best: epoch %1</source>
        <translation>mejor: época %1</translation>
    </message>
    <message>
        <source>epoch %1: training %2 %3 (smoothed)</source>
        <translation>época %1: entrenamiento, %2 %3 (suavizado)</translation>
    </message>
    <message>
        <source>after epoch %1: validation %2 %3</source>
        <translation>tras la época %1: validación, %2 %3</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>ChestLens chest X-ray viewer (research use only, not for clinical diagnosis).</source>
        <translation>Visor de radiografías de tórax ChestLens (solo para uso en investigación, no apto para diagnóstico clínico).</translation>
    </message>
    <message>
        <source>Films or folders to open.</source>
        <translation>Radiografías o carpetas que se abrirán.</translation>
    </message>
    <message>
        <source>Open FILE, wait for its prediction and heatmap, save a picture of the window to OUT.png and exit.</source>
        <translation>Abre FILE, espera a su predicción y mapa de calor, guarda una imagen de la ventana en OUT.png y sale.</translation>
    </message>
    <message>
        <source>Show the heatmap (default: on).</source>
        <translation>Muestra el mapa de calor (predeterminado: on).</translation>
    </message>
    <message>
        <source>Model file to use instead of the default.</source>
        <translation>Archivo de modelo que se usará en lugar del predeterminado.</translation>
    </message>
    <message>
        <source>Window size (default for screenshots: 1280x800).</source>
        <translation>Tamaño de la ventana (predeterminado para capturas: 1280x800).</translation>
    </message>
    <message>
        <source>Seconds --screenshot waits before failing (default: %1).</source>
        <translation>Segundos que espera --screenshot antes de fallar (predeterminado: %1).</translation>
    </message>
    <message>
        <source>--heatmap takes &apos;on&apos; or &apos;off&apos;, not &apos;%1&apos;</source>
        <translation>--heatmap admite &apos;on&apos; u &apos;off&apos;, no &apos;%1&apos;</translation>
    </message>
    <message>
        <source>--window-size takes WIDTHxHEIGHT, e.g. 1920x1080</source>
        <translation>--window-size admite ANCHOxALTO, p. ej., 1920x1080</translation>
    </message>
    <message>
        <source>--timeout takes a positive number of seconds</source>
        <translation>--timeout admite un número positivo de segundos</translation>
    </message>
    <message>
        <source>--screenshot needs exactly one FILE</source>
        <translation>--screenshot necesita exactamente un FILE</translation>
    </message>
</context>
</TS>
