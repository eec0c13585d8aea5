# `make package`: a Debian package built by CPack. Runtime dependencies are computed by
# dpkg-shlibdeps from the libraries the binaries actually link (Qt 6, libtorch, OpenCV, DCMTK,
# GDCM, QCustomPlot), so the runtime packages are named, never the -dev ones.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME chestlens)
set(CPACK_PACKAGE_VENDOR "The ChestLens developers")
set(CPACK_PACKAGE_CONTACT "ChestLens developers <chestlens@example.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "chest X-ray classifier with Grad-CAM explanations (research use only)")
set(CPACK_PACKAGE_DESCRIPTION
    "ChestLens opens chest films (DICOM, PNG, JPEG, TIFF), classifies them as normal, COVID-19,\n\
pneumonia or tuberculosis with a CNN running on the CPU (LibTorch), overlays Grad-CAM\n\
heatmaps, retrains the model on labelled folders, evaluates models and exports PDF reports.\n\
It includes the desktop application (chestlens) and the command-line tool (chestlens-cli).\n\
Research use only: not a medical device, not for clinical diagnosis.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)               # chestlens_<version>_amd64.deb
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Loaded as plug-ins at run time, so dpkg-shlibdeps cannot see them: the X11/Wayland platform
# plug-ins and the SVG icon engine (window icon).
set(CPACK_DEBIAN_PACKAGE_DEPENDS "qt6-qpa-plugins, libqt6svg6")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${PROJECT_HOMEPAGE_URL}")
# The DICOM MIME type and the menu entry: dpkg triggers of shared-mime-info and
# desktop-file-utils refresh their caches when those are installed.
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "shared-mime-info, desktop-file-utils")
include(CPack)
