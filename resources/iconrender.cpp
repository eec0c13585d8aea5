// Build-time tool: renders the SVG application icon to one square PNG of the hicolor theme.
//     chestlens-iconrender SOURCE.svg SIZE OUT.png
#include <QImage>
#include <QPainter>
#include <QSvgRenderer>
#include <QTextStream>

int main(int argc, char *argv[])
{
    if (argc != 4) {
        QTextStream(stderr) << "usage: chestlens-iconrender SOURCE.svg SIZE OUT.png\n";
        return 64;
    }
    const QString source = QString::fromLocal8Bit(argv[1]);
    const int size = QString::fromLatin1(argv[2]).toInt();
    QSvgRenderer renderer(source);
    if (!renderer.isValid() || size <= 0) {
        QTextStream(stderr) << "chestlens-iconrender: cannot render " << source << " at size " << argv[2]
                            << '\n';
        return 1;
    }
    QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    renderer.render(&painter);
    painter.end();
    if (!image.save(QString::fromLocal8Bit(argv[3]))) {
        QTextStream(stderr) << "chestlens-iconrender: cannot write " << argv[3] << '\n';
        return 1;
    }
    return 0;
}
