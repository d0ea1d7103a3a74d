import { PlusOutlined } from '@ant-design/icons';
import { App, Upload, type UploadFile } from 'antd';
import { useTranslation } from 'react-i18next';
import { MAX_PHOTOS, PHOTO_ACCEPT, uploadPhoto } from '../../shared/media.ts';
import type { MediaUpload } from '../../shared/types.ts';

/** For a Form.Item holding UploadFile[]: the list from Upload's change event. */
export function photoFileList(event: { fileList: UploadFile[] } | UploadFile[]): UploadFile[] {
  return Array.isArray(event) ? event : event.fileList;
}

/** The tokens of the photos that finished uploading, for a body's photos. */
export function photoTokens(files: UploadFile[] | undefined): string[] {
  return (files ?? []).filter((f) => f.status === 'done').map((f) => (f.response as MediaUpload).token);
}

export function photosStillUploading(files: UploadFile[] | undefined): boolean {
  return (files ?? []).some((f) => f.status === 'uploading');
}

/**
 * Photos sent to POST /api/media as soon as they are picked; the form keeps the
 * UploadFile list and takes the tokens when it is submitted.
 */
export function PhotoUpload({
  value,
  onChange,
  id,
}: {
  value?: UploadFile[];
  onChange?: (files: UploadFile[]) => void;
  id?: string;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const files = value ?? [];
  return (
    <Upload
      id={id}
      accept={PHOTO_ACCEPT}
      listType="picture-card"
      multiple
      fileList={files}
      maxCount={MAX_PHOTOS}
      onChange={({ fileList }) => onChange?.(fileList.filter((f) => f.status !== 'error'))}
      showUploadList={{ showPreviewIcon: false }}
      customRequest={({ file, onSuccess, onError }) => {
        uploadPhoto(file as File).then(
          (uploaded) => onSuccess?.(uploaded),
          (error: Error) => {
            message.error(error.message);
            onError?.(error);
          },
        );
      }}
    >
      {files.length < MAX_PHOTOS && (
        <button type="button" className="gz-upload-button">
          <PlusOutlined />
          <div>{t('media.upload')}</div>
        </button>
      )}
    </Upload>
  );
}
